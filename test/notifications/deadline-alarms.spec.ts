import { key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { grantRequest, withdrawalRequest } from '../support/requests';
import { notificationIdOf } from '../../apps/ledger/src/notifications/notifications';

/**
 * Deadline alarms and the stop that answers a withdrawal's notification, on a clock pinned to
 * Wednesday 25 November 2026 (no holidays in November 2026): 15 working days after a withdrawal on
 * Monday 2 November ended on 23 November (passed); after Thursday 5 November they end on 26 November
 * (approaching); after Friday 20 November, on 11 December (neither).
 */
const NOW = '2026-11-25T10:00:00.000Z';

describe('deadline alarms and ProcessingStopped linked to its notification', () => {
  let ledger: Ledger;
  const withdrawals: Record<'passed' | 'near' | 'open', { iin: string; withdrawalId: string }> = {} as never;

  beforeAll(async () => {
    ledger = await startLedger();
    ledger.clock.set(NOW);
    expect(
      (
        await ledger.command('/v1/policies/privacy/versions', key('policy'), {
          version: '1',
          effectiveFrom: '2026-10-27T00:00:00.000Z',
          occurredAt: '2026-10-27T00:00:00.000Z',
          materialChange: false,
          texts: { kk: { sha256: 'c'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
        })
      ).status,
    ).toBe(201);
    for (const [name, day] of [
      ['passed', '02'],
      ['near', '05'],
      ['open', '20'],
    ] as const) {
      const iin = newIin();
      const withdrawn = await grantedThenWithdrawn(iin, ['advertising'], `2026-11-${day}T09:00:00.000Z`);
      expect(withdrawn.status).toBe(200);
      withdrawals[name] = { iin, withdrawalId: withdrawn.body.withdrawalId };
    }
  });
  afterAll(() => closeAndRemove(ledger));

  /** A grant of these purposes (mobile phone to advertising partners) on 28.10, wholly withdrawn at `at`. */
  async function grantedThenWithdrawn(iin: string, purposes: string[], at: string) {
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        purposes,
        dataCategories: ['mobile-phone'],
        recipients: ['advertising-partners'],
        occurredAt: '2026-10-28T09:00:00.000Z',
      }),
    );
    expect(granted.status).toBe(201);
    return ledger.command('/v1/withdrawals', key('withdraw'), withdrawalRequest(iin, {}, at));
  }

  const changes = async () => (await ledger.request('GET', '/v1/changes?limit=1000')).body.changes;
  const notificationOf = async (withdrawalId: string) =>
    (await changes()).find(
      (c: { type: string; data: { withdrawalId?: string } }) =>
        c.type === 'consent.withdrawn' && c.data.withdrawalId === withdrawalId,
    ).id as string;

  it('raises each alarm once, as a notification citing the law', async () => {
    await waitForReadModels();
    const first = await ledger.request('POST', '/v1/webhooks/deadline-watch', undefined, {}, ['compliance-admin']);
    expect(first.body).toEqual({ raised: 2 });
    const again = await ledger.request('POST', '/v1/webhooks/deadline-watch', undefined, {}, ['compliance-admin']);
    expect(again.body).toEqual({ raised: 0 });

    const alarms = (await changes()).filter((c: { type: string }) => c.type.startsWith('deadline.'));
    expect(alarms).toEqual([
      expect.objectContaining({
        type: 'deadline.passed',
        data: expect.objectContaining({
          kind: 'stop-processing',
          withdrawalId: withdrawals.passed.withdrawalId,
          deadline: '2026-11-23T18:59:59.999Z',
          citation: 'Law 94-V Art. 8(7)',
        }),
      }),
      expect.objectContaining({
        type: 'deadline.approaching',
        data: expect.objectContaining({
          withdrawalId: withdrawals.near.withdrawalId,
          deadline: '2026-11-26T18:59:59.999Z',
        }),
      }),
    ]);
  });

  it('links a stop to the notification it answers, refuses another, and the report shows both', async () => {
    const asked = await notificationOf(withdrawals.passed.withdrawalId);
    const stop = (withdrawalId: string, body: object) =>
      ledger.command(`/v1/withdrawals/${withdrawalId}/processing-stopped`, key('stop'), {
        occurredAt: '2026-11-24T09:00:00.000Z',
        ...body,
      });
    const wrong = await stop(withdrawals.passed.withdrawalId, {
      iin: withdrawals.passed.iin,
      notificationId: await notificationOf(withdrawals.near.withdrawalId),
    });
    expect({ status: wrong.status, code: wrong.body.code, errors: wrong.body.errors }).toMatchObject({
      status: 422,
      code: 'notification-mismatch',
    });
    // A notification id is the ledger's own UUID, not free text: one whose last group happens to read as
    // an IIN (about one in 3,000) is judged as an id — here not this withdrawal's — never as an IIN.
    const iinShaped = `${asked.slice(0, 24)}${newIin()}`;
    const idLikeIin = await stop(withdrawals.passed.withdrawalId, {
      iin: withdrawals.passed.iin,
      notificationId: iinShaped,
    });
    expect({ status: idLikeIin.status, code: idLikeIin.body.code }).toEqual({
      status: 422,
      code: 'notification-mismatch',
    });
    const attempts = await ledger.request('GET', `/v1/webhooks/attempts?notificationId=${iinShaped}`);
    expect({ status: attempts.status, attempts: attempts.body.attempts }).toEqual({ status: 200, attempts: [] });
    const quoted = await stop(withdrawals.passed.withdrawalId, { iin: withdrawals.passed.iin, notificationId: asked });
    expect(quoted.status).toBe(201);
    const unquoted = await stop(withdrawals.near.withdrawalId, { iin: withdrawals.near.iin });
    expect(unquoted.status).toBe(201);

    const report = await ledger.request(
      'GET',
      `/v1/reports/withdrawal-deadlines?status=closed,open,due-soon,overdue&minPosition=${unquoted.body.position}`,
    );
    expect(report.status).toBe(200);
    const row = (w: { withdrawalId: string }) =>
      report.body.rows.find((r: { withdrawalId: string }) => r.withdrawalId === w.withdrawalId);
    expect(row(withdrawals.passed)).toMatchObject({
      status: 'closed',
      notificationId: asked,
      stopNotificationId: asked,
      stopEventId: quoted.body.events[0].eventId,
    });
    expect(row(withdrawals.near)).toMatchObject({
      status: 'closed',
      notificationId: await notificationOf(withdrawals.near.withdrawalId),
      stopNotificationId: await notificationOf(withdrawals.near.withdrawalId),
    });
    expect(row(withdrawals.open)).toMatchObject({ status: 'open', notificationId: expect.any(String) });
    expect(row(withdrawals.open).stopNotificationId).toBeUndefined();
  });

  it('starts no Art. 8(7) deadline for a withdrawal made before the rule came into force (17.11.2025)', async () => {
    // Paper from before the amendment, imported: no stop deadline to report, alarm or notify.
    const iin = newIin();
    const rows = [
      {
        key: 'archive-policy',
        kind: 'publish-policy',
        policyId: 'archive',
        version: 'a1',
        materialChange: false,
        effectiveFrom: '2025-01-01T00:00:00.000Z',
        occurredAt: '2025-01-01T00:00:00.000Z',
        texts: { kk: { sha256: 'd'.repeat(64), url: 'https://acredit.kz/p/a1/kk' } },
      },
      {
        key: 'archive-grant',
        kind: 'grant',
        ...grantRequest({
          iin,
          purposes: ['advertising'],
          dataCategories: ['mobile-phone'],
          recipients: ['advertising-partners'],
          occurredAt: '2025-02-03T09:00:00.000Z',
          policyShown: { policyId: 'archive', version: 'a1' },
        }),
      },
      // 16 November 2025, 23:30 in Kazakhstan: the day before the rule.
      {
        key: 'archive-before',
        kind: 'withdraw',
        ...withdrawalRequest(iin, { purposes: ['advertising'] }, '2025-11-16T18:30:00.000Z'),
      },
      // 17 November 2025, 00:30 in Kazakhstan: the rule's first day.
      { key: 'archive-after', kind: 'withdraw', ...withdrawalRequest(iin, {}, '2025-11-16T19:30:00.000Z') },
    ];
    const token = await ledger.token(['compliance-admin'], 'admin-archive');
    const imported = await ledger.app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
        'idempotency-key': 'archive',
      },
      payload: rows.map((r) => JSON.stringify(r)).join('\n'),
    });
    expect(JSON.parse(imported.body)).toMatchObject({ accepted: 4, invalid: [], refused: [] });
    await waitForReadModels();

    const told = (await changes())
      .filter(
        (c: { type: string; data: { subjectId: string } }) =>
          c.type === 'consent.withdrawn' && c.data.subjectId !== undefined,
      )
      .slice(-2);
    expect(told[0].data.stopProcessing).toBeUndefined();
    expect(told[1].data.stopProcessing).toMatchObject({ deadline: '2025-12-08T18:59:59.999Z' });

    const watched = await ledger.request('POST', '/v1/webhooks/deadline-watch', undefined, {}, ['compliance-admin']);
    expect(watched.body).toEqual({ raised: 1 });
    const report = await ledger.request(
      'GET',
      '/v1/reports/withdrawal-deadlines?status=closed,open,due-soon,overdue,calendar-unknown&from=2025-01-01T00:00:00Z&to=2025-12-31T00:00:00Z',
    );
    expect(report.body.rows.map((r: { withdrawalId: string; status: string }) => [r.withdrawalId, r.status])).toEqual([
      [told[1].data.withdrawalId, 'overdue'],
    ]);
  });

  it('tells a withdrawal refused in part for a purpose a law requires once: one notification, one report row, one alarm', async () => {
    // Art. 8(7): one withdrawal is one obligation to stop, though it is recorded as the rest and that
    // purpose's transfers (two ConsentWithdrawn events of one withdrawalId).
    const iin = newIin();
    const withdrawn = await grantedThenWithdrawn(iin, ['advertising', 'legal-obligations'], '2026-11-03T09:00:00.000Z');
    expect(withdrawn.body.transfersWithdrawn).toMatchObject({ purposes: ['legal-obligations'] });
    // Only what the person had consented to was taken: not the rest of the catalogue, nor transfers
    // to recipients they never named (the State Credit Bureau's mandatory reporting among them).
    expect(withdrawn.body.withdrawn).toEqual({ purposes: ['advertising'] });
    expect(withdrawn.body.transfersWithdrawn).toEqual({
      purposes: ['legal-obligations'],
      recipients: ['advertising-partners'],
    });
    await waitForReadModels();
    const told = (await changes()).filter(
      (c: { type: string; data: { withdrawalId?: string } }) =>
        c.type === 'consent.withdrawn' && c.data.withdrawalId === withdrawn.body.withdrawalId,
    );
    expect(told).toHaveLength(1);
    expect(told[0].data).toMatchObject({
      scope: { purposes: ['advertising'] },
      transfersWithdrawn: { purposes: ['legal-obligations'], recipients: ['advertising-partners'] },
    });
    const deadlines = async () =>
      (await ledger.request('GET', '/v1/reports/withdrawal-deadlines?status=closed,open,due-soon,overdue')).body;
    const before = await deadlines();
    type Row = { withdrawalId: string; status: string; stopNotificationId?: string };
    const rows = (body: { rows: Row[] }) => body.rows.filter((r) => r.withdrawalId === withdrawn.body.withdrawalId);
    expect(rows(before)).toEqual([
      expect.objectContaining({
        status: 'overdue',
        notificationId: told[0].id,
        scope: expect.objectContaining({ purposes: ['advertising'] }),
        transfersWithdrawn: expect.objectContaining({ purposes: ['legal-obligations'] }),
      }),
    ]);
    const watched = await ledger.request('POST', '/v1/webhooks/deadline-watch', undefined, {}, ['compliance-admin']);
    expect(watched.body).toEqual({ raised: 1 });

    const stop = await ledger.command(
      `/v1/withdrawals/${withdrawn.body.withdrawalId}/processing-stopped`,
      key('stop'),
      { iin, occurredAt: '2026-11-24T09:00:00.000Z', notificationId: told[0].id },
    );
    expect([stop.status, stop.body.code]).toEqual([201, undefined]);
    await waitForReadModels();
    const after = await deadlines();
    expect(rows(after).map((r) => [r.status, r.stopNotificationId])).toEqual([['closed', told[0].id]]);
    expect(after.summary.closed - before.summary.closed).toBe(1);
  });

  it('still takes a stop quoting the notification id of the transfers event, as it was told before (one row closed)', async () => {
    const iin = newIin();
    const withdrawn = await grantedThenWithdrawn(iin, ['advertising', 'legal-obligations'], '2026-11-20T09:00:00.000Z');
    const [, transfers] = (withdrawn.body.events as { eventId: string; type: string }[]).filter(
      (e) => e.type === 'ConsentWithdrawn',
    );
    const stop = await ledger.command(
      `/v1/withdrawals/${withdrawn.body.withdrawalId}/processing-stopped`,
      key('stop'),
      {
        iin,
        occurredAt: '2026-11-24T09:00:00.000Z',
        notificationId: notificationIdOf(transfers.eventId),
      },
    );
    expect([stop.status, stop.body.code]).toEqual([201, undefined]);
    const report = await ledger.request(
      'GET',
      `/v1/reports/withdrawal-deadlines?status=closed,open,due-soon,overdue&minPosition=${stop.body.position}`,
    );
    const rows = report.body.rows.filter(
      (r: { withdrawalId: string }) => r.withdrawalId === withdrawn.body.withdrawalId,
    );
    expect(rows.map((r: { status: string; stopNotificationId: string }) => [r.status, r.stopNotificationId])).toEqual([
      ['closed', notificationIdOf(transfers.eventId)],
    ]);
  });

  async function waitForReadModels() {
    const head = await ledger.store.headPosition();
    const reply = await ledger.request('GET', `/v1/reports/withdrawal-deadlines?minPosition=${head}`);
    expect(reply.body.projection.reachedMinPosition).toBe(true);
  }
});

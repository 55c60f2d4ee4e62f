import { key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';

/**
 * The auditors' reports, on a clock pinned to Wednesday 25 November 2026, 15:00 in Almaty, so the
 * working-day deadlines below can be counted by hand (no holidays in November 2026).
 */
const NOW = '2026-11-25T10:00:00.000Z';

describe('compliance reports', () => {
  let ledger: Ledger;
  let iin: string;
  let consentId: string;

  beforeAll(async () => {
    ledger = await startLedger();
    ledger.clock.set(NOW);
    const policy = await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: '2026-10-27T00:00:00.000Z',
      occurredAt: '2026-10-27T00:00:00.000Z',
      materialChange: true,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    expect(policy.status).toBe(201);
    iin = newIin();
    const granted = await grant(iin, '2026-10-27T09:00:00.000Z');
    consentId = granted.consentId;
  });
  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
  });

  async function grant(who: string, occurredAt: string, patch: Record<string, unknown> = {}) {
    const reply = await ledger.command('/v1/consents', key('grant'), {
      iin: who,
      purposes: ['advertising', 'credit-and-pension-checks'],
      dataCategories: ['iin', 'mobile-phone'],
      recipients: ['advertising-partners', 'first-credit-bureau'],
      crossBorderTransferAllowed: false,
      publicationAllowed: false,
      term: { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version: '1' },
      language: 'kk',
      collectionMethod: 'web-checkbox',
      evidence: [],
      occurredAt,
      ...patch,
    });
    expect(reply.status).toBe(201);
    return reply.body;
  }

  async function report(name: string, query = '') {
    const reply = await ledger.request('GET', `/v1/reports/${name}?minPosition=${await head()}${query}`);
    expect(reply.body.projection.reachedMinPosition).toBe(true);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  async function head(): Promise<string> {
    return (await ledger.store.headPosition())!;
  }

  async function withdraw(
    who: string,
    occurredAt: string,
    scope: Record<string, unknown> = { purposes: ['advertising'] },
  ) {
    return ledger.command('/v1/withdrawals', key('withdraw'), { iin: who, scope, channel: 'paper', occurredAt });
  }

  it('lists a disclosure that a late withdrawal reached back over', async () => {
    const person = newIin();
    await grant(person, '2026-11-01T09:00:00.000Z');
    const disclosed = await ledger.command('/v1/disclosures', key('disclose'), {
      iin: person,
      recipient: 'advertising-partners',
      purpose: 'advertising',
      dataCategories: ['mobile-phone'],
      occurredAt: '2026-11-10T09:00:00.000Z',
    });
    expect(disclosed.status).toBe(201);
    // The person had withdrawn on paper on 5 November; the form reached the ledger only now.
    const late = await withdraw(person, '2026-11-05T09:00:00.000Z');
    expect(late.status).toBe(200);

    const body = await report('disclosures-no-longer-covered');
    const row = body.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId);
    expect(row).toMatchObject({
      coveredAsKnownThen: true,
      coveredAsKnownNow: false,
      reasonsNow: [expect.objectContaining({ code: 'withdrawn', eventId: late.body.events[0].eventId })],
    });
  });

  it('lists refused disclosures and refused withdrawals with their reasons', async () => {
    const person = newIin();
    await grant(person, '2026-11-02T09:00:00.000Z');
    await ledger.command('/v1/loans/signed', key('loan'), {
      iin: person,
      loanId: 'R-1',
      occurredAt: '2026-11-02T10:00:00.000Z',
    });
    const refusedWithdrawal = await withdraw(person, '2026-11-03T09:00:00.000Z', {
      purposes: ['credit-and-pension-checks'],
    });
    expect(refusedWithdrawal.status).toBe(422);
    const refusedDisclosure = await ledger.command('/v1/disclosures', key('disclose'), {
      iin: person,
      recipient: 'debt-collectors',
      purpose: 'debt-collection',
      dataCategories: ['iin'],
      occurredAt: '2026-11-04T09:00:00.000Z',
    });
    expect(refusedDisclosure.status).toBe(422);

    const disclosures = await report('refused-disclosures');
    expect(disclosures.rows.map((r: { eventId: string }) => r.eventId)).toContain(refusedDisclosure.body.eventId);
    expect(disclosures.summary['recipient:debt-collectors']).toBeGreaterThanOrEqual(1);
    const withdrawals = await report('refused-withdrawals');
    expect(withdrawals.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: refusedWithdrawal.body.eventId,
          reason: expect.objectContaining({ code: 'obligations-unfulfilled' }),
          openLoans: ['R-1'],
        }),
      ]),
    );
  });

  it('counts the 15-working-day stop deadline after a withdrawal (Art. 8(7)) and closes it when processing stops', async () => {
    // Withdrawn Tuesday 27 Oct: counting from Wed 28 Oct, the 15th working day is Tue 17 Nov.
    const overdue = await withdraw(iin, '2026-10-27T10:00:00.000Z');
    // Thursday 5 Nov: the 15th working day is Thu 26 Nov, tomorrow.
    const soonPerson = newIin();
    await grant(soonPerson, '2026-11-01T09:00:00.000Z');
    const soon = await withdraw(soonPerson, '2026-11-05T10:00:00.000Z');
    // Yesterday: weeks left.
    const openPerson = newIin();
    await grant(openPerson, '2026-11-01T09:00:00.000Z');
    const open = await withdraw(openPerson, '2026-11-24T10:00:00.000Z');

    const byId = (rows: { withdrawalId: string }[], id: string) => rows.find((r) => r.withdrawalId === id);
    const nearOrPast = await report('withdrawal-deadlines');
    expect(byId(nearOrPast.rows, overdue.body.withdrawalId)).toMatchObject({
      status: 'overdue',
      deadline: '2026-11-17T18:59:59.999Z',
    });
    expect(byId(nearOrPast.rows, soon.body.withdrawalId)).toMatchObject({
      status: 'due-soon',
      deadline: '2026-11-26T18:59:59.999Z',
    });
    expect(byId(nearOrPast.rows, open.body.withdrawalId)).toBeUndefined();
    expect(nearOrPast.rule).toMatchObject({ workingDays: 15, citation: 'Law 94-V Art. 8(7)' });

    const all = await report('withdrawal-deadlines', '&status=open,due-soon,overdue,closed');
    expect(byId(all.rows, open.body.withdrawalId)).toMatchObject({ status: 'open' });

    const stopped = await ledger.command(
      `/v1/withdrawals/${overdue.body.withdrawalId}/processing-stopped`,
      key('stop'),
      {
        iin,
        occurredAt: '2026-11-20T10:00:00.000Z',
        note: 'advertising partners confirmed deletion',
      },
    );
    expect(stopped.status).toBe(201);
    const after = await report('withdrawal-deadlines', '&status=open,due-soon,overdue,closed');
    expect(byId(after.rows, overdue.body.withdrawalId)).toMatchObject({
      status: 'closed',
      stoppedAt: '2026-11-20T10:00:00.000Z',
    });
    const again = await ledger.command(`/v1/withdrawals/${overdue.body.withdrawalId}/processing-stopped`, key('stop'), {
      iin,
      occurredAt: '2026-11-21T10:00:00.000Z',
    });
    expect(again.status).toBe(409);
  });

  it('counts the 10-working-day notice deadline (Art. 19) for a consent that asked for notice, and closes it', async () => {
    const person = newIin();
    await grant(person, '2026-11-02T09:00:00.000Z', { notifyOnDisclosure: true });
    // Monday 9 Nov: counting from Tue 10 Nov, the 10th working day is Mon 23 Nov.
    const disclosed = await ledger.command('/v1/disclosures', key('disclose'), {
      iin: person,
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin'],
      occurredAt: '2026-11-09T10:00:00.000Z',
    });
    expect(disclosed.body.subjectToBeNotified).toBe(true);
    const before = await report('notice-deadlines');
    const row = before.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId);
    expect(row).toMatchObject({ status: 'overdue', deadline: '2026-11-23T18:59:59.999Z' });

    const notified = await ledger.command(
      `/v1/disclosures/${disclosed.body.disclosureId}/subject-notified`,
      key('notify'),
      {
        iin: person,
        channel: 'sms',
        occurredAt: '2026-11-24T10:00:00.000Z',
      },
    );
    expect(notified.status).toBe(201);
    const after = await report('notice-deadlines', '&status=closed');
    expect(
      after.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId),
    ).toMatchObject({
      status: 'closed',
      notifiedAt: '2026-11-24T10:00:00.000Z',
    });
    const notNeeded = await ledger.command(
      `/v1/disclosures/${disclosed.body.disclosureId}/subject-notified`,
      key('notify'),
      {
        iin,
        channel: 'sms',
        occurredAt: '2026-11-24T10:00:00.000Z',
      },
    );
    expect(notNeeded.status).toBe(404);
    expect(consentId).toBeDefined();
  });
});

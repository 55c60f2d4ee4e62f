import { key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, grantRequest, withdrawalRequest } from '../support/requests';

/**
 * The auditors' reports, on a clock pinned to Wednesday 25 November 2026, 15:00 in Almaty, so the
 * working-day deadlines below can be counted by hand (no holidays in November 2026).
 */
const NOW = '2026-11-25T10:00:00.000Z';

describe('compliance reports', () => {
  let ledger: Ledger;
  let iin: string;

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
    await grant(iin, '2026-10-27T09:00:00.000Z');
  });
  afterAll(() => closeAndRemove(ledger));

  async function grant(who: string, occurredAt: string, patch: Record<string, unknown> = {}) {
    const reply = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin: who,
        purposes: ['advertising', 'credit-and-pension-checks'],
        dataCategories: ['iin', 'mobile-phone'],
        recipients: ['advertising-partners', 'first-credit-bureau'],
        occurredAt,
        ...patch,
      }),
    );
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
    return ledger.command('/v1/withdrawals', key('withdraw'), withdrawalRequest(who, scope, occurredAt));
  }

  /** A disclosure of the person's IIN, to the credit bureau unless the patch says otherwise. */
  function disclose(who: string, occurredAt: string, patch: Record<string, unknown> = {}) {
    return ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({ iin: who, dataCategories: ['iin'], occurredAt, ...patch }),
    );
  }

  it('lists a disclosure that a late withdrawal reached back over', async () => {
    const person = newIin();
    await grant(person, '2026-11-01T09:00:00.000Z');
    const disclosed = await disclose(person, '2026-11-10T09:00:00.000Z', {
      recipient: 'advertising-partners',
      purpose: 'advertising',
      dataCategories: ['mobile-phone'],
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
    const refusedDisclosure = await disclose(person, '2026-11-04T09:00:00.000Z', {
      recipient: 'debt-collectors',
      purpose: 'debt-collection',
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
          // A report needs no contract number: the loan is there, sealed with the person's key.
          openLoans: ['[personal data]'],
        }),
      ]),
    );
  });

  it('says when a refusal for an open loan no longer holds: the fulfilment, recorded late, came before the withdrawal (Art. 8(2))', async () => {
    const loanRefusal = async (loanId: string) => {
      const person = newIin();
      await grant(person, '2026-11-02T09:00:00.000Z');
      const signed = { iin: person, loanId, occurredAt: '2026-11-02T10:00:00.000Z' };
      expect((await ledger.command('/v1/loans/signed', key('loan'), signed)).status).toBe(201);
      const refused = await withdraw(person, '2026-11-09T09:00:00.000Z', { purposes: ['credit-and-pension-checks'] });
      expect(refused.status).toBe(422);
      return { person, refused };
    };
    const repaid = await loanRefusal('H-1');
    const stillOpen = await loanRefusal('H-2');
    // The repayment of 6 November reaches the ledger only now: the person withdrew with nothing owed.
    const fulfilled = { iin: repaid.person, loanId: 'H-1', occurredAt: '2026-11-06T10:00:00.000Z' };
    expect((await ledger.command('/v1/loans/fulfilled', key('loan'), fulfilled)).status).toBe(201);
    // Fulfilled after the withdrawal: the refusal was right.
    const later = { iin: stillOpen.person, loanId: 'H-2', occurredAt: '2026-11-20T10:00:00.000Z' };
    expect((await ledger.command('/v1/loans/fulfilled', key('loan'), later)).status).toBe(201);

    const body = await report('refused-withdrawals');
    const rowOf = (eventId: string) => body.rows.find((r: { eventId: string }) => r.eventId === eventId);
    expect(rowOf(repaid.refused.body.eventId)).toMatchObject({ refusalHoldsAsKnownNow: false });
    expect(rowOf(stillOpen.refused.body.eventId)).toMatchObject({ refusalHoldsAsKnownNow: true });
    expect(body.summary['refusal-no-longer-holds']).toBeGreaterThanOrEqual(1);
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
    // Stopped, but three working days after the fifteenth (Tue 17 Nov): closed, and late.
    expect(byId(after.rows, overdue.body.withdrawalId)).toMatchObject({
      status: 'closed',
      stoppedAt: '2026-11-20T10:00:00.000Z',
      closedLate: true,
    });
    expect(after.summary['closed-late']).toBeGreaterThanOrEqual(1);
    // The missed terms alone, for whoever must answer for them.
    const missed = await report('withdrawal-deadlines', '&status=closed-late');
    expect(missed.rows.map((r: { withdrawalId: string }) => r.withdrawalId)).toContain(overdue.body.withdrawalId);
    expect(missed.rows.every((r: { closedLate?: boolean }) => r.closedLate === true)).toBe(true);
    // Another confirmation is a fact too: a later one leaves the stop where it was, an earlier one moves it.
    const stop = (occurredAt: string) =>
      ledger.command(`/v1/withdrawals/${overdue.body.withdrawalId}/processing-stopped`, key('stop'), {
        iin,
        occurredAt,
      });
    expect((await stop('2026-11-21T10:00:00.000Z')).status).toBe(201);
    const later = await report('withdrawal-deadlines', '&status=closed');
    expect(byId(later.rows, overdue.body.withdrawalId)).toMatchObject({ stoppedAt: '2026-11-20T10:00:00.000Z' });
    expect((await stop('2026-11-19T10:00:00.000Z')).status).toBe(201);
    const earlier = await report('withdrawal-deadlines', '&status=closed');
    expect(byId(earlier.rows, overdue.body.withdrawalId)).toMatchObject({ stoppedAt: '2026-11-19T10:00:00.000Z' });
  });

  it('closes a stop deadline still open when the person is erased: no processing is left, and no confirmation could come', async () => {
    const person = newIin();
    await grant(person, '2026-11-02T09:00:00.000Z');
    const withdrawn = await withdraw(person, '2026-11-03T10:00:00.000Z');
    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin: person,
      reason: 'court-decision',
      legalReference: 'решение суда № 2-1234/2026',
      occurredAt: '2026-11-24T12:00:00.000Z',
    });
    expect(erased.status).toBe(201);
    const closed = await report('withdrawal-deadlines', '&status=closed');
    expect(
      closed.rows.find((r: { withdrawalId: string }) => r.withdrawalId === withdrawn.body.withdrawalId),
    ).toMatchObject({
      status: 'closed',
      stoppedAt: '2026-11-24T12:00:00.000Z',
      stoppedBy: 'erasure',
    });
    // Erased on the fifteenth working day (Tue 24 Nov): in time.
    expect(
      closed.rows.find((r: { withdrawalId: string }) => r.withdrawalId === withdrawn.body.withdrawalId),
    ).not.toHaveProperty('closedLate');
    const open = await report('withdrawal-deadlines', '&status=open,due-soon,overdue');
    expect(open.rows.map((r: { withdrawalId: string }) => r.withdrawalId)).not.toContain(withdrawn.body.withdrawalId);
    const missed = await report('withdrawal-deadlines', '&status=closed-late');
    expect(missed.rows.map((r: { withdrawalId: string }) => r.withdrawalId)).not.toContain(withdrawn.body.withdrawalId);
  });

  it('closes a notice deadline still open when the person is erased: no notice can be recorded for them any more', async () => {
    const person = newIin();
    await grant(person, '2026-11-02T09:00:00.000Z', { notifyOnDisclosure: true });
    // Mon 9 Nov: its 10th working day is Mon 23 Nov, so an erasure on 24 Nov comes after it.
    const missed = await disclose(person, '2026-11-09T10:00:00.000Z');
    // Fri 20 Nov: its deadline, Fri 4 Dec, is still ahead at the erasure.
    const pending = await disclose(person, '2026-11-20T10:00:00.000Z');
    expect([missed.body.subjectToBeNotified, pending.body.subjectToBeNotified]).toEqual([true, true]);
    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin: person,
      reason: 'court-decision',
      legalReference: 'решение суда № 2-4321/2026',
      occurredAt: '2026-11-24T12:00:00.000Z',
    });
    expect(erased.status).toBe(201);
    // The notice the lender would now send cannot be recorded: the IIN leads nowhere.
    const notice = await ledger.command(
      `/v1/disclosures/${pending.body.disclosureId}/subject-notified`,
      key('notify'),
      {
        iin: person,
        channel: 'sms',
        occurredAt: NOW,
      },
    );
    expect(notice.status).toBe(404);
    const rowOf = (rows: { disclosureId: string }[], disclosure: { body: { disclosureId: string } }) =>
      rows.find((r) => r.disclosureId === disclosure.body.disclosureId);
    const closed = await report('notice-deadlines', '&status=closed');
    expect(rowOf(closed.rows, missed)).toMatchObject({
      status: 'closed',
      closedAt: '2026-11-24T12:00:00.000Z',
      closedBy: 'erasure',
      closedLate: true,
    });
    expect(rowOf(closed.rows, pending)).toMatchObject({ status: 'closed', closedBy: 'erasure' });
    expect(rowOf(closed.rows, pending)).not.toHaveProperty('closedLate');
    // Neither is told as a notice given, nor left open for the deadline watch to alarm on for good.
    expect(rowOf(closed.rows, missed)).not.toHaveProperty('notifiedAt');
    const open = await report('notice-deadlines', '&status=open,due-soon,overdue');
    expect([rowOf(open.rows, missed), rowOf(open.rows, pending)]).toEqual([undefined, undefined]);
    const log = await ledger.request('GET', `/v1/disclosures?subjectId=${erased.body.subjectId}`);
    expect(log.body.disclosures.map((d: object) => Object.keys(d).filter((k) => /notified|erased/i.test(k)))).toEqual([
      ['subjectToBeNotified'],
      ['subjectToBeNotified'],
    ]);
  });

  it('counts the 10-working-day notice deadline (Art. 19) for a consent that asked for notice, and closes it', async () => {
    const person = newIin();
    await grant(person, '2026-11-02T09:00:00.000Z', { notifyOnDisclosure: true });
    // Monday 9 Nov: counting from Tue 10 Nov, the 10th working day is Mon 23 Nov.
    const disclosed = await disclose(person, '2026-11-09T10:00:00.000Z');
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
      closedLate: true,
    });
    // A notice keyed in late, dated earlier, is the one that counts.
    const earlier = await ledger.command(
      `/v1/disclosures/${disclosed.body.disclosureId}/subject-notified`,
      key('notify'),
      { iin: person, channel: 'post', occurredAt: '2026-11-22T10:00:00.000Z' },
    );
    expect(earlier.status).toBe(201);
    const moved = await report('notice-deadlines', '&status=closed');
    expect(
      moved.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId),
    ).toMatchObject({ status: 'closed', notifiedAt: '2026-11-22T10:00:00.000Z' });
    expect(
      moved.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId),
    ).not.toHaveProperty('closedLate');
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
  });

  /** Every page of a report, following `next`; each page says whether another follows. */
  async function allPages(name: string, query: string) {
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await report(name, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.truncated).toBe(page.next !== undefined);
      pages.push(page);
      cursor = page.next;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it('pages through a report longer than one page, losing and repeating no row', async () => {
    // Seven refused attempts on 12 November, some at the same instant, so pages split equal times.
    const times = ['03', '04', '04', '05', '05', '05', '06'].map((h) => `2026-11-12T${h}:00:00.000Z`);
    for (const occurredAt of times) {
      const refused = await disclose(iin, occurredAt, { recipient: 'debt-collectors', purpose: 'debt-collection' });
      expect(refused.status).toBe(422);
    }
    const window = '&from=2026-11-12T00:00:00.000Z&to=2026-11-13T00:00:00.000Z';
    const whole = await report('refused-disclosures', window);
    expect(whole.rows).toHaveLength(7);
    expect(whole).toMatchObject({ truncated: false, summary: { 'recipient:debt-collectors': 7 } });
    expect(whole.next).toBeUndefined();

    const pages = await allPages('refused-disclosures', `${window}&limit=2`);
    expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 2, 1]);
    const ids = (rows: { eventId: string }[]) => rows.map((r) => r.eventId);
    expect(pages.flatMap((p) => ids(p.rows))).toEqual(ids(whole.rows));
    expect(pages.map((p) => p.summary['recipient:debt-collectors'])).toEqual([2, 2, 2, 1]);
  });

  it('pages a filtered report: rows the filter drops between pages are neither lost nor counted', async () => {
    // Six withdrawals on Monday 16 November (deadline Mon 7 Dec: open on the 25th); two of them closed.
    const withdrawn: { person: string; withdrawalId: string }[] = [];
    for (const hour of ['03', '04', '05', '06', '07', '08']) {
      const person = newIin();
      await grant(person, '2026-11-02T09:00:00.000Z');
      const reply = await withdraw(person, `2026-11-16T${hour}:00:00.000Z`);
      expect(reply.status).toBe(200);
      withdrawn.push({ person, withdrawalId: reply.body.withdrawalId as string });
    }
    for (const closed of [withdrawn[1], withdrawn[4]]) {
      const stopped = await ledger.command(`/v1/withdrawals/${closed.withdrawalId}/processing-stopped`, key('stop'), {
        iin: closed.person,
        occurredAt: '2026-11-20T10:00:00.000Z',
      });
      expect(stopped.status).toBe(201);
    }
    const query = '&from=2026-11-16T00:00:00.000Z&to=2026-11-17T00:00:00.000Z&status=open';
    const whole = await report('withdrawal-deadlines', query);
    const open = [0, 2, 3, 5].map((i) => withdrawn[i].withdrawalId);
    expect(whole.rows.map((r: { withdrawalId: string }) => r.withdrawalId)).toEqual(open);

    const pages = await allPages('withdrawal-deadlines', `${query}&limit=1`);
    expect(pages.flatMap((p) => p.rows.map((r: { withdrawalId: string }) => r.withdrawalId))).toEqual(open);
    expect(pages).toHaveLength(4);
    expect(pages.every((p) => p.rows[0].status === 'open' && p.rows[0].deadline === '2026-12-07T18:59:59.999Z')).toBe(
      true,
    );
  });

  it('refuses a cursor it did not issue', async () => {
    const reply = await ledger.request('GET', `/v1/reports/refused-disclosures?cursor=${'x'.repeat(12)}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'invalid-request' });
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'cursor', code: 'invalid-cursor' })]);
  });

  it('documents the paging in the OpenAPI document', async () => {
    const openapi = await ledger.request('GET', '/docs/openapi.json');
    const operation = openapi.body.paths['/v1/reports/withdrawal-deadlines'].get;
    const params = operation.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['cursor', 'limit', 'status']));
    const schema = operation.responses['200'].content['application/json'].schema.$ref.split('/').pop();
    expect(Object.keys(openapi.body.components.schemas[schema].properties)).toEqual(
      expect.arrayContaining(['rows', 'summary', 'truncated', 'next']),
    );
  });
});

/**
 * Deadlines in 2027 and at the end of the calendar: a ledger whose clock is moved through 2027 into
 * 2028, a year the built-in calendar does not cover.
 */
describe('deadlines never rest on a guessed calendar', () => {
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await startLedger();
    ledger.clock.set('2027-03-19T05:00:00.000Z');
    const policy = await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: '2027-03-01T00:00:00.000Z',
      occurredAt: '2027-03-01T00:00:00.000Z',
      materialChange: true,
      texts: { kk: { sha256: 'b'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    expect(policy.status).toBe(201);
  });
  afterAll(() => closeAndRemove(ledger));

  async function granted(occurredAt: string) {
    const person = newIin();
    const reply = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin: person,
        purposes: ['advertising', 'credit-and-pension-checks'],
        dataCategories: ['iin', 'mobile-phone'],
        recipients: ['advertising-partners', 'first-credit-bureau'],
        notifyOnDisclosure: true,
        occurredAt,
      }),
    );
    expect(reply.status).toBe(201);
    return person;
  }

  async function withdrawn(person: string, occurredAt: string): Promise<string> {
    const reply = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(person, { purposes: ['advertising'] }, occurredAt),
    );
    expect(reply.status).toBe(200);
    return reply.body.withdrawalId;
  }

  async function report(name: string, query = '') {
    const head = await ledger.store.headPosition();
    const reply = await ledger.request('GET', `/v1/reports/${name}?minPosition=${head}${query}`);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  it('counts a 2027 deadline over 2027 holidays and names what is not yet confirmed', async () => {
    // Fri 5 March 2027: 8 March, 15 March (Constitution Day) and 22-24 March (Nauryz) are off,
    // so the 15th working day is Fri 2 April, not Fri 26 March as weekends alone would give.
    const withdrawalId = await withdrawn(await granted('2027-03-02T05:00:00.000Z'), '2027-03-05T05:00:00.000Z');
    const body = await report('withdrawal-deadlines', '&status=open,due-soon,overdue');
    expect(body.rows.find((r: { withdrawalId: string }) => r.withdrawalId === withdrawalId)).toMatchObject({
      status: 'open',
      deadline: '2027-04-02T18:59:59.999Z',
      workingDaysLeft: 7,
      calendarUnconfirmed: ['kz-2027-transfers'],
    });
    expect(body.rule.calendar).toMatchObject({
      version: 'kz-2025-2027.1',
      years: [2025, 2026, 2027],
      unconfirmed: expect.arrayContaining([expect.objectContaining({ id: 'kz-2027-transfers' })]),
    });
    const ready = await ledger.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.warnings).toBeUndefined();
  });

  it('says calendar-unknown, with the year, for deadlines that reach 2028, and lists them by default', async () => {
    ledger.clock.set('2027-12-28T05:00:00.000Z');
    const person = await granted('2027-12-01T05:00:00.000Z');
    const withdrawalId = await withdrawn(person, '2027-12-20T05:00:00.000Z');
    const disclosed = await ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({ iin: person, dataCategories: ['iin'], occurredAt: '2027-12-27T05:00:00.000Z' }),
    );
    expect(disclosed.body.subjectToBeNotified).toBe(true);

    const stop = await report('withdrawal-deadlines');
    const row = stop.rows.find((r: { withdrawalId: string }) => r.withdrawalId === withdrawalId);
    expect(row).toMatchObject({ status: 'calendar-unknown', calendarUnknownYears: [2028] });
    expect(row).not.toHaveProperty('deadline');
    expect(stop.summary['calendar-unknown']).toBe(1);

    const notice = await report('notice-deadlines');
    expect(
      notice.rows.find((r: { disclosureId: string }) => r.disclosureId === disclosed.body.disclosureId),
    ).toMatchObject({ status: 'calendar-unknown', calendarUnknownYears: [2028] });
  });

  it('warns on readiness when deadlines started now reach an uncovered year, and when this year is not covered', async () => {
    ledger.clock.set('2027-12-28T05:00:00.000Z');
    const december = await ledger.request('GET', '/health/ready');
    expect(december.status).toBe(200);
    expect(december.body).toMatchObject({
      status: 'up',
      warnings: [expect.objectContaining({ code: 'calendar-next-year-not-covered', year: 2028 })],
    });

    ledger.clock.set('2028-01-10T05:00:00.000Z');
    const january = await ledger.request('GET', '/health/ready');
    expect(january.status).toBe(200);
    expect(january.body).toMatchObject({
      status: 'up',
      warnings: [expect.objectContaining({ code: 'calendar-year-not-covered', year: 2028 })],
    });
  });
});

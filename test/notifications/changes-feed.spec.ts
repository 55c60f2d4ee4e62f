import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { grantRequest, withdrawalRequest } from '../support/requests';

/**
 * The pull feed: notifications in log order with stable ids, the payload the webhooks carry, no
 * personal data, and problem+json for a position or a limit the ledger cannot serve.
 */
describe('GET /v1/changes', () => {
  let ledger: Ledger;
  const iins = { partial: newIin(), whole: newIin(), refused: newIin(), erased: newIin() };

  beforeAll(async () => {
    ledger = await startLedger();
    // One instant, read once: read twice, the clock moves on and the version would take effect before it was published.
    const publishedAt = ago(ledger, 20 * DAY);
    const published = await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: publishedAt,
      occurredAt: publishedAt,
      materialChange: true,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    expect(published.status).toBe(201);
    for (const iin of Object.values(iins)) await grant(iin);
    await ledger.command('/v1/loans/signed', key('loan'), {
      iin: iins.refused,
      loanId: 'L-1',
      occurredAt: ago(ledger, DAY),
    });
    expect((await withdraw(iins.partial, { purposes: ['advertising'] })).status).toBe(200);
    expect((await withdraw(iins.whole, {})).status).toBe(200);
    expect((await withdraw(iins.refused, { purposes: ['microcredit-contract'] })).status).toBe(422);
    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin: iins.erased,
      reason: 'unlawful-collection',
      legalReference: 'finding 12/2025',
      occurredAt: ago(ledger, 1000),
    });
    expect(erased.status).toBe(201);
  });
  afterAll(() => closeAndRemove(ledger));

  async function grant(iin: string) {
    const reply = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        subject: { fullName: 'Жанар Ахметова', phone: '+77011234567' },
        purposes: ['microcredit-contract', 'advertising'],
        dataCategories: ['iin', 'mobile-phone'],
        recipients: ['advertising-partners'],
        collectionMethod: 'paper',
        evidence: [{ kind: 'scan', reference: 'archive/box-7/form-31' }],
        occurredAt: ago(ledger, 10 * DAY),
      }),
    );
    expect(reply.status).toBe(201);
    return reply.body;
  }

  const withdraw = (iin: string, scope: object) =>
    ledger.command('/v1/withdrawals', key('withdraw'), withdrawalRequest(iin, scope, ago(ledger, DAY)));

  const resolve = async (iin: string) =>
    (await ledger.request('POST', '/v1/subjects/resolve', { iin }, {}, ['auditor'])).body.subjectId as string;

  it('tells of each fact in log order, with codes and pseudonyms only', async () => {
    const head = await ledger.store.headPosition();
    const reply = await ledger.request('GET', '/v1/changes', undefined, {}, ['lending-core']);
    expect(reply.status).toBe(200);
    const { changes, caughtUp, next } = reply.body;
    expect(caughtUp).toBe(true);
    expect(changes.map((c: { type: string }) => c.type)).toEqual([
      'policy.reacceptance-required',
      'consent.withdrawn',
      'consent.withdrawn',
      'withdrawal.refused',
      'subject.erased',
    ]);
    const positions = changes.map((c: { position: string }) => Number(c.position));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The feed read the log to its head; the look itself is then recorded after it (a bulk access).
    expect(next).toBe(head);
    expect(ledger.store.comparePositions((await ledger.store.headPosition())!, head!)).toBeGreaterThan(0);

    const [policy, partial, whole, refused, erased] = changes;
    expect(policy.data).toMatchObject({ policyId: 'privacy', version: '1' });
    expect(partial.data).toMatchObject({
      subjectId: await resolve(iins.partial),
      extent: 'partial',
      scope: { purposes: ['advertising'] },
      stopProcessing: { workingDays: 15, citation: 'Law 94-V Art. 8(7)', deadline: expect.any(String) },
    });
    expect(whole.data).toMatchObject({ subjectId: await resolve(iins.whole), extent: 'whole' });
    expect(refused.data).toMatchObject({
      subjectId: await resolve(iins.refused),
      reason: { code: 'obligations-unfulfilled' },
    });
    expect(erased.data).toMatchObject({ reason: 'unlawful-collection' });
    for (const change of changes) {
      expect(change.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(change.timestamp).toBe(change.data.recordedAt);
    }

    const text = JSON.stringify(reply.body);
    for (const iin of Object.values(iins)) expect(text).not.toContain(iin);
    for (const personal of ['Ахметова', '77011234567', 'box-7', 'finding 12', 'L-1'])
      expect(text).not.toContain(personal);
  });

  it('pages with the same ids, continuing after the last event looked at', async () => {
    const all = (await ledger.request('GET', '/v1/changes')).body.changes;
    const seen: { id: string }[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const reply = await ledger.request('GET', `/v1/changes?limit=2${after ? `&after=${after}` : ''}`);
      expect(reply.status).toBe(200);
      expect(reply.body.changes.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.changes);
      after = reply.body.next;
      if (reply.body.caughtUp) break;
    }
    expect(seen).toEqual(all);
    // Past the last notification only access-log events follow (each page read is one): no change.
    const empty = await ledger.request('GET', `/v1/changes?after=${after}`);
    expect(empty.body).toMatchObject({ changes: [], caughtUp: true });
  });

  it('writes nothing for a page that showed nobody: an idle poller leaves the log as it was', async () => {
    const first = await ledger.request('GET', '/v1/changes?limit=1000');
    expect(first.body.changes.length).toBeGreaterThan(0);
    // That page showed people, so its look follows `next` in the log: the next page passes over it.
    const after = (await ledger.request('GET', `/v1/changes?after=${first.body.next}`)).body.next as string;
    expect(after).not.toBe(first.body.next);
    for (let poll = 0; poll < 3; poll++) {
      const reply = await ledger.request('GET', `/v1/changes?after=${after}`);
      expect(reply.body).toMatchObject({ changes: [], caughtUp: true, next: after });
    }
    const log = await ledger.request('GET', '/v1/access-log?limit=5000', undefined, {}, ['auditor']);
    const looks = log.body.entries.filter((e: { view: string }) => e.view === 'changes');
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.filter((e: { records?: number }) => e.records === 0)).toEqual([]);
  });

  it.each([
    ['after=not-a-position', 400, 'invalid-request'],
    ['after=-3', 400, 'invalid-request'],
    // Written another way, a number is still not a position the ledger gave out (Number() reads these).
    ['after=1e2', 400, 'invalid-request'],
    ['after=0x10', 400, 'invalid-request'],
    ['after=010', 400, 'invalid-request'],
    ['after=%2010', 400, 'invalid-request'],
    ['after=99999999', 404, 'position-not-in-log'],
    ['limit=0', 400, 'invalid-request'],
    ['limit=1001', 400, 'invalid-request'],
    ['limit=ten', 400, 'invalid-request'],
    ['since=1', 400, 'invalid-request'],
  ])('answers %s with problem+json %s %s', async (query, status, code) => {
    const reply = await ledger.request('GET', `/v1/changes?${query}`);
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body.code).toBe(code);
  });
});

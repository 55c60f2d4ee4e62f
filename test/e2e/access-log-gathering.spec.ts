import { accessStream, LOOKUP_MISSES_STREAM, metadataOf } from '@ledger/ledger-log';
import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { grantRequest, policyVersionRequest } from '../support/requests';

/**
 * Looks at one person that arrive together are written together: each waits for its own event to
 * be on disk, but a burst does not take one write (and one fsync) after another.
 */
describe('access log: looks at one stream gathered into shared writes', () => {
  let ledger: Ledger;
  let subjectId: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const publishedAt = ago(ledger, 10 * DAY);
    const policy = policyVersionRequest(publishedAt, {
      materialChange: false,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1' } },
    });
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin: newIin(),
        purposes: ['credit-and-pension-checks'],
        dataCategories: ['iin', 'full-name'],
        recipients: ['first-credit-bureau'],
        occurredAt: ago(ledger, DAY),
      }),
    );
    expect(granted.status).toBe(201);
    subjectId = granted.body.subjectId;
  });
  afterAll(() => closeAndRemove(ledger));

  const check = (as: readonly ('lending-core' | 'auditor')[], n: number) =>
    ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin&at=${encodeURIComponent(ago(ledger, n))}`,
      undefined,
      {},
      as,
    );

  it('records every look of a burst, each under its own viewer, in far fewer appends than looks', async () => {
    const before = (await ledger.store.readStream(accessStream(subjectId))).length;
    const burst = 24;
    const replies = await Promise.all(
      Array.from({ length: burst }, (_, i) => check(i % 2 === 0 ? ['lending-core'] : ['auditor'], (i + 1) * 60_000)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(burst).fill(200));
    // Every answer was given after its look was stored.
    const looks = (await ledger.store.readStream(accessStream(subjectId))).slice(before);
    expect(looks).toHaveLength(burst);
    expect(looks.every((e) => e.type === 'PersonalDataAccessed')).toBe(true);
    // Each look's moment is in the log once: none lost, none doubled by gathering.
    const moments = looks.map((e) => (e.data as { parameters: { at: string } }).parameters.at).sort();
    expect(new Set(moments).size).toBe(burst);
    // A gathered write carries one viewer: the envelope's actor is the look's accessor.
    for (const look of looks) {
      const { accessor } = look.data as { accessor: { sub: string; role: string } };
      expect(metadataOf(look).actor).toMatchObject({ id: accessor.sub, role: accessor.role });
    }
    // One command per write: one after another, 24 looks would have taken 24.
    const writes = new Set(looks.map((e) => metadataOf(e).commandId)).size;
    expect(writes).toBeLessThanOrEqual(8);
  });

  it('gathers misses too, which all go to one stream', async () => {
    const before = (await ledger.store.readStream(LOOKUP_MISSES_STREAM)).length;
    const burst = 16;
    const replies = await Promise.all(
      Array.from({ length: burst }, () =>
        ledger.request('POST', '/v1/subjects/resolve', { iin: newIin() }, {}, ['auditor']),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(burst).fill(200));
    const misses = (await ledger.store.readStream(LOOKUP_MISSES_STREAM)).slice(before);
    expect(misses.filter((e) => e.type === 'LookupMissed')).toHaveLength(burst);
    expect(new Set(misses.map((e) => metadataOf(e).commandId)).size).toBeLessThanOrEqual(6);
  });
});

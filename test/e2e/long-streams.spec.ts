import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { TAIL_PAGE } from '../../apps/ledger/src/ledger/command-executor';
import { ago, closeAndRemove, DAY, eachAtOnce, key, newIin, startLedger } from '../support/ledger-harness';
import { policyVersionRequest, advertisingGrant } from '../support/requests';

/**
 * A stream the ledger has not read since it started is folded a page at a time: every look at a
 * person adds to their access stream, and the first look after a restart read it whole into memory.
 */
describe('a long stream read after a restart', () => {
  it('is read a page at a time, and the person is looked at as before', async () => {
    const first = await startLedger();
    const dir = first.dir;
    const iin = newIin();
    const published = await first.command(
      '/v1/policies/privacy/versions',
      key('policy'),
      policyVersionRequest(ago(first, DAY)),
    );
    expect(published.status).toBe(201);
    const granted = await first.command('/v1/consents', key('grant'), advertisingGrant(iin, first.clock.now()));
    expect(granted.status).toBe(201);
    const subjectId = granted.body.subjectId as string;
    const looks = TAIL_PAGE + 300;
    await eachAtOnce(
      Array.from({ length: looks }, (_, i) => i),
      16,
      async () => {
        expect(
          (await first.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor'])).status,
        ).toBe(200);
      },
    );
    await first.close();

    // The same folder again, its store watched: how much of the access stream each read asks for.
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), exclusive: true });
    const asked: (number | undefined)[] = [];
    const watched = Object.create(store) as SqliteEventStore;
    watched.readStream = (stream, options) => {
      if (stream === `access-${subjectId}`) asked.push(options?.maxCount);
      return store.readStream(stream, options);
    };
    const again = await startLedger(undefined, { dir, store: watched });
    try {
      const look = await again.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor']);
      expect(look.status).toBe(200);
      expect(asked.length).toBeGreaterThan(1);
      expect(asked.every((count) => count !== undefined && count <= TAIL_PAGE)).toBe(true);
      const written = await store.readStream(`access-${subjectId}`);
      // Every look was recorded, the one after the restart on the chain the others left.
      expect(written.length).toBe(looks + 1);
      expect(written[looks]!.metadata.previousHash).toBe(written[looks - 1]!.metadata.hash);
    } finally {
      await closeAndRemove(again);
      await store.close().catch(() => undefined);
    }
  }, 120_000);
});

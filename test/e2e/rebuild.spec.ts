import { join } from 'node:path';
import { addMs } from '@ledger/consent-domain';
import { SqliteEventStore } from '@ledger/event-store';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { DAY, Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * A read model rebuilt from the first event must answer exactly like the one that was fed live,
 * for every person and every (T, T′) asked.
 */
describe('projections rebuilt from zero', () => {
  let live: Ledger;
  let rebuilt: Ledger;
  let subjectIds: string[];
  let end: string;

  beforeAll(async () => {
    live = await startLedger();
    end = live.clock.now();
    const summary = await generateDemoHistory((url, key, body) => live.command(url, key, body), live.clock, {
      people: 60,
      seed: 11,
      end,
    });
    live.clock.release();
    expect(summary.byStatus['422']).toBeGreaterThan(0);
    await waitCaughtUp(live);
    subjectIds = await Promise.all(
      summary.iins.map(async (iin) => (await live.request('POST', '/v1/subjects/resolve', { iin })).body.subjectId),
    );

    // A second ledger on the same log with an empty read-model database builds everything from zero.
    rebuilt = await startLedger(undefined, {
      dir: live.dir,
      env: { LEDGER_READ_MODEL_FILE: join(live.dir, 'rebuilt-read-models.sqlite') },
      store: new SqliteEventStore({ file: join(live.dir, 'events.sqlite') }),
    });
    await waitCaughtUp(rebuilt);
  }, 120_000);

  afterAll(async () => {
    await rebuilt.close();
    await live.close();
    removeDir(live.dir);
  });

  const moments = () => [
    { at: end, knownAt: end },
    { at: addMs(end, -10 * DAY), knownAt: end },
    { at: addMs(end, -10 * DAY), knownAt: addMs(end, -10 * DAY) },
    { at: addMs(end, -9 * DAY), knownAt: addMs(end, -5 * DAY) },
    { at: addMs(end, -20 * DAY), knownAt: addMs(end, -15 * DAY) },
  ];

  it('gives the same consent state for every person at every (T, T′)', async () => {
    for (const subjectId of subjectIds) {
      for (const m of moments()) {
        const url = `/v1/subjects/${subjectId}/consents?at=${encodeURIComponent(m.at)}&knownAt=${encodeURIComponent(m.knownAt)}`;
        const [a, b] = await Promise.all([live.request('GET', url), rebuilt.request('GET', url)]);
        expect(a.status).toBe(200);
        expect(strip(b.body)).toEqual(strip(a.body));
      }
    }
  });

  it('gives the same checks, timelines, disclosures log and policies', async () => {
    for (const subjectId of subjectIds) {
      for (const m of moments()) {
        const url = `/v1/subjects/${subjectId}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,credit-history&at=${encodeURIComponent(m.at)}&knownAt=${encodeURIComponent(m.knownAt)}`;
        const [a, b] = await Promise.all([live.request('GET', url), rebuilt.request('GET', url)]);
        expect(strip(b.body)).toEqual(strip(a.body));
      }
      const timeline = `/v1/subjects/${subjectId}/timeline`;
      expect(strip((await rebuilt.request('GET', timeline)).body)).toEqual(
        strip((await live.request('GET', timeline)).body),
      );
    }
    const asked = `at=${encodeURIComponent(end)}&knownAt=${encodeURIComponent(end)}`;
    for (const url of [
      '/v1/disclosures?limit=1000',
      '/v1/disclosures?outcome=refused&limit=1000',
      `/v1/policies?${asked}`,
    ]) {
      const [a, b] = await Promise.all([live.request('GET', url), rebuilt.request('GET', url)]);
      expect(a.status).toBe(200);
      expect(strip(b.body)).toEqual(strip(a.body));
    }
  });

  it('gives the same answers after the live read models are reset and rebuilt in place', async () => {
    const url = `/v1/subjects/${subjectIds[0]}/consents?at=${encodeURIComponent(addMs(end, -9 * DAY))}&knownAt=${encodeURIComponent(end)}`;
    const before = strip((await live.request('GET', url)).body);
    await readSide(live).runner.reset();
    readSide(live).runner.start();
    await waitCaughtUp(live);
    expect(strip((await live.request('GET', url)).body)).toEqual(before);
  });
});

function readSide(ledger: Ledger) {
  const { READ_SIDE } = require('../../apps/ledger/src/ledger/read-models');
  return ledger.app.get(READ_SIDE);
}

async function waitCaughtUp(ledger: Ledger): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ready = await ledger.request('GET', '/health/ready');
    if (ready.body.projection?.caughtUp) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('projections did not catch up');
}

/** Everything but the freshness block and the moment of asking (when "now" is a default). */
function strip(body: Record<string, unknown>): Record<string, unknown> {
  const { projection: _projection, ...rest } = body;
  return rest;
}

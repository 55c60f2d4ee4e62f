import { join } from 'node:path';
import { addMs } from '@ledger/consent-domain';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { ReadSide } from '@ledger/projections';
import { READ_SIDE } from '../../apps/ledger/src/ledger/read-models';
import { DAY, eachAtOnce, Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * A read model rebuilt from the first event must answer exactly like the one that was fed live,
 * for every person and every (T, T′) asked.
 */
const PEOPLE = 40;

describe('projections rebuilt from zero', () => {
  let rebuilt: Ledger;
  let subjectIds: string[];
  let end: string;
  /** What the live read models answered, by URL, before the ledger was stopped. */
  const liveAnswers = new Map<string, unknown>();

  const moments = () => [
    { at: end, knownAt: end },
    { at: addMs(end, -10 * DAY), knownAt: end },
    { at: addMs(end, -10 * DAY), knownAt: addMs(end, -10 * DAY) },
    { at: addMs(end, -9 * DAY), knownAt: addMs(end, -5 * DAY) },
    { at: addMs(end, -20 * DAY), knownAt: addMs(end, -15 * DAY) },
  ];
  const urls = () => {
    const asked = `at=${encodeURIComponent(end)}&knownAt=${encodeURIComponent(end)}`;
    return [
      ...subjectIds.flatMap((subjectId) => [
        ...moments().flatMap((m) => {
          const at = `at=${encodeURIComponent(m.at)}&knownAt=${encodeURIComponent(m.knownAt)}`;
          return [
            `/v1/subjects/${subjectId}/consents?${at}`,
            `/v1/subjects/${subjectId}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,credit-history&${at}`,
          ];
        }),
        `/v1/subjects/${subjectId}/timeline`,
      ]),
      '/v1/disclosures?limit=1000',
      '/v1/disclosures?outcome=refused&limit=1000',
      `/v1/policies?${asked}`,
    ];
  };

  beforeAll(async () => {
    const live = await startLedger();
    end = live.clock.now();
    const summary = await generateDemoHistory((url, key, body) => live.command(url, key, body), live.clock, {
      people: PEOPLE,
      seed: 11,
      end,
    });
    live.clock.release();
    expect(summary.byStatus['422']).toBeGreaterThan(0);
    await waitCaughtUp(live);
    subjectIds = await Promise.all(
      summary.iins.map(async (iin) => (await live.request('POST', '/v1/subjects/resolve', { iin })).body.subjectId),
    );
    const asked = urls();
    const answers = new Map<string, unknown>();
    await eachAtOnce(asked, 8, async (url) => {
      const answer = await live.request('GET', url);
      expect(answer.status).toBe(200);
      answers.set(url, strip(answer.body));
    });
    for (const url of asked) liveAnswers.set(url, answers.get(url));
    await live.close();

    // The same log, read by a new process with an empty read-model database: built from zero.
    rebuilt = await startLedger(undefined, {
      dir: live.dir,
      env: { LEDGER_READ_MODEL_FILE: join(live.dir, 'rebuilt-read-models.sqlite') },
    });
    await waitCaughtUp(rebuilt);
  }, 120_000);

  afterAll(async () => {
    await rebuilt?.close();
    if (rebuilt) removeDir(rebuilt.dir);
  });

  it('gives the same consent states, checks, timelines, disclosures log and policies at every (T, T′)', async () => {
    // About eleven questions per person (consents, checks, timeline at several moments) and the logs.
    expect(liveAnswers.size).toBeGreaterThan(PEOPLE * 10);
    await eachAtOnce([...liveAnswers], 8, async ([url, answer]) => {
      const b = await rebuilt.request('GET', url);
      expect(b.status).toBe(200);
      expect(strip(b.body)).toEqual(answer);
    });
  });

  it('gives the same answers after the read models are reset and rebuilt in place', async () => {
    const url = [...liveAnswers.keys()].filter((u) => u.includes('/consents?'))[1];
    await readSide(rebuilt).runner.reset();
    readSide(rebuilt).runner.start();
    await waitCaughtUp(rebuilt);
    expect(strip((await rebuilt.request('GET', url)).body)).toEqual(liveAnswers.get(url));
  });
});

function readSide(ledger: Ledger) {
  return ledger.app.get<ReadSide>(READ_SIDE);
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

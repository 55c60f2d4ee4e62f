import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { run } from '../../apps/audit/src/main';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

// Sixty people in the suite; `npm run acceptance` runs the same check over 2,000.
const PEOPLE = Number(process.env.REPLAY_PEOPLE ?? 60);

/**
 * The auditor's replay from an export, with the domain code alone, must give exactly the API's
 * answers — for every person of a generated history with late paper consents, late withdrawals, a
 * material policy change and refusals, at several (T, T′).
 */
describe(`replay from an export against the live API, ${PEOPLE} people`, () => {
  let ledger: Ledger;
  let work: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const summary = await generateDemoHistory((url, key, body) => ledger.command(url, key, body), ledger.clock, {
      people: PEOPLE,
      seed: 2024,
      end: ledger.clock.now(),
    });
    ledger.clock.release();
    expect(Object.keys(summary.byStatus).sort()).toEqual(['200', '201', '422']);
    expect(summary.byStatus['422']).toBeGreaterThan(PEOPLE / 20);
    await ledger.app.listen({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 1200; i++) {
      if ((await ledger.request('GET', '/health/ready')).body.projection?.caughtUp) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    work = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
  }, 300_000);

  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
    if (work) removeDir(work);
  });

  it('agrees on every person at every moment asked', async () => {
    const file = join(work, 'log.ndjson');
    const token = await ledger.token(['auditor']);
    const exported = await ledger.app.inject({
      method: 'GET',
      url: '/v1/exports/log',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.statusCode).toBe(200);
    writeFileSync(file, exported.body);
    const pem = join(work, 'ledger.pem');
    writeFileSync(pem, (await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem);
    let output = '';
    const code = await run(
      [
        'diff',
        file,
        '--public-key',
        pem,
        '--api',
        await ledger.app.getUrl(),
        '--token',
        token,
        '--sample',
        String(PEOPLE),
      ],
      (t) => (output += t),
    );
    expect(output).toMatch(new RegExp(`^OK \\d+ answers for ${PEOPLE} people \\(of ${PEOPLE} in the export\\)`));
    expect(code).toBe(0);
  }, 300_000);
});

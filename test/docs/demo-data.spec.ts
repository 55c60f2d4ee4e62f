import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/** The README's demo-data command fills an empty ledger, and refuses one that holds events. */
const root = join(__dirname, '..', '..');
const demo = join(root, 'dist/apps/ledger/src/demo/demo-data.js');
const DAY = 24 * 60 * 60 * 1000;

const runIn = (dir: string, args: string[]) =>
  spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', demo, ...args], {
    cwd: root,
    env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist'), LEDGER_DATA_DIR: dir },
    encoding: 'utf8',
  });

describe('npm run demo-data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  let output = '';
  afterAll(() => removeDir(dir));
  const run = () =>
    execFileSync(process.execPath, ['-r', 'tsconfig-paths/register', demo, '--people', '12', '--seed', '3'], {
      cwd: root,
      env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist'), LEDGER_DATA_DIR: dir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('prints its usage for --help, and refuses an unknown option, writing nothing either way', () => {
    const fresh = join(dir, 'untouched');
    const help = runIn(fresh, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run demo-data -- \[--people N\]/);
    expect(help.stdout).toMatch(/--help\s+print this and write nothing/);
    const wrong = runIn(fresh, ['--peeple', '3']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown option --peeple/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('writes a realistic history, refusals included, into an empty ledger, and names the showcase people', () => {
    output = run();
    expect(output).toMatch(/^wrote \d+ commands for 12 people/);
    expect(output).toMatch(/\d+× 422/);
    const showcase = [...output.matchAll(/^ {2}(\d{12}) {2}(.+?) \(subjectId ([0-9a-f]{32})\)$/gm)].map((m) => m[2]);
    expect(showcase).toEqual([
      'a late paper withdrawal',
      'a material policy change not accepted',
      'a refused disclosure',
      'a withdrawal refused while a loan is open',
      'an erasure',
    ]);
  });

  it('refuses a ledger that already holds events', () => {
    expect(run).toThrow(/already holds events/);
  });

  describe('each showcase person shows what the output says', () => {
    let ledger: Ledger;
    const person = (name: string) => {
      const m = new RegExp(`^ {2}(\\d{12}) {2}${name} \\(subjectId ([0-9a-f]{32})\\)$`, 'm').exec(output)!;
      return { iin: m[1], subjectId: m[2] };
    };
    const day0 = () => Date.parse(/day 0 is (\d{4}-\d{2}-\d{2})/.exec(output)![1]);
    const reason = { 'x-access-reason': 'showcase check' };
    beforeAll(async () => {
      ledger = await startLedger(undefined, { dir });
    });
    afterAll(() => ledger.close());

    it('a late paper withdrawal: advertising allowed before day 8, not after; the day-9 transfer uncovered in hindsight', async () => {
      const { subjectId } = person('a late paper withdrawal');
      // day 0 in the output is a date; the history began during it, so day N is within [date+N, date+N+1).
      const check = (at: number) =>
        ledger.request(
          'GET',
          `/v1/subjects/${subjectId}/check?purpose=advertising&recipient=advertising-partners&dataCategories=mobile-phone&at=${new Date(day0() + at * DAY).toISOString()}`,
        );
      expect((await check(7)).body.allowed).toBe(true);
      expect((await check(10)).body.allowed).toBe(false);
      const hindsight = await ledger.request('GET', '/v1/reports/disclosures-no-longer-covered', undefined, reason);
      expect(hindsight.body.rows.map((r: { subjectId: string }) => r.subjectId)).toContain(subjectId);
    });

    it('the others: suspended consent, refused disclosure, refused withdrawal, erasure', async () => {
      const policy = person('a material policy change not accepted');
      const now = await ledger.request('GET', `/v1/subjects/${policy.subjectId}/consents`);
      expect(now.body.consents[0].status).toBe('suspended-policy-not-accepted');
      const refused = person('a refused disclosure');
      const log = await ledger.request('GET', `/v1/disclosures?subjectId=${refused.subjectId}&outcome=refused`);
      expect(log.body.disclosures.map((d: { recipient: string }) => d.recipient)).toEqual(['debt-collectors']);
      const loan = person('a withdrawal refused while a loan is open');
      const report = await ledger.request('GET', `/v1/subjects/${loan.subjectId}/report`);
      expect(report.body.refusals.withdrawals[0].openLoans).toEqual(['MC-SHOWCASE-4']);
      const erased = person('an erasure');
      const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: erased.iin });
      expect(resolved.body).toEqual({ known: false });
    });
  });
});

import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startBuiltService, stopAndRemove } from '../support/service-process';

/** The README's curl tour, run as written against the built service, so the README stays true. */
const root = join(__dirname, '..', '..');

describe('the README tour', () => {
  let child: ChildProcess | undefined;
  let dir: string;

  // Waits for it to end: a service still running when the file ends kept jest's worker from exiting.
  afterAll(() => stopAndRemove(child, dir));

  it('runs as written and shows the answers it describes', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A tour with curl'));
    const script = section.slice(section.indexOf('```sh') + 5, section.indexOf('```', section.indexOf('```sh') + 5));
    expect(script).toContain('L=http://127.0.0.1:3000');

    dir = mkdtempSync(join(tmpdir(), 'ledger-tour-'));
    const port = await freePort();
    child = await startBuiltService(dir, port);

    const output = execFileSync(
      'bash',
      [
        '-euo',
        'pipefail',
        '-c',
        script
          .replace('L=http://127.0.0.1:3000', `L=http://127.0.0.1:${port}`)
          .replace(/^curl -s /gm, 'curl -sf -w "\\n" '),
      ],
      // Its stderr (npm's and the token script's notes) is kept: a failure's message carries it.
      { encoding: 'utf8', env: { ...process.env, LEDGER_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const answers = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const [published, granted, checked, reported, withdrawn, then, now, knownBefore, state, timeline, log] = answers;
    expect(published.events[0].type).toBe('PolicyVersionPublished');
    expect(granted.events.map((e: { type: string }) => e.type)).toEqual(['ConsentGranted', 'PolicyVersionAccepted']);
    expect(checked.basis.kind).toBe('consent');
    expect(reported.basis).toMatchObject({ kind: 'legal-basis', legalBasis: 'microcredit-reporting' });
    expect(withdrawn.outcome).toBe('withdrawn');
    expect([then.allowed, now.allowed, knownBefore.allowed]).toEqual([true, false, true]);
    expect(now.reasons[0].code).toBe('withdrawn');
    expect(state.consents[0].status).toBe('active');
    expect(timeline.events).toHaveLength(5);
    expect(log.disclosures).toHaveLength(1);
  }, 60_000);
});

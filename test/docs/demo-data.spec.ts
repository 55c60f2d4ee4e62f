import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../support/ledger-harness';

/** The README's demo-data command fills an empty ledger, and refuses one that holds events. */
const root = join(__dirname, '..', '..');
const demo = join(root, 'dist/apps/ledger/src/demo/demo-data.js');

describe('npm run demo-data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  afterAll(() => removeDir(dir));
  const run = () =>
    execFileSync(process.execPath, ['-r', 'tsconfig-paths/register', demo, '--people', '30', '--seed', '3'], {
      cwd: root,
      env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist'), LEDGER_DATA_DIR: dir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('writes a realistic history, refusals included, into an empty ledger', () => {
    const output = run();
    expect(output).toMatch(/^wrote \d+ commands for 30 people/);
    expect(output).toMatch(/\d+× 422/);
  });

  it('refuses a ledger that already holds events', () => {
    expect(run).toThrow(/already holds events/);
  });
});

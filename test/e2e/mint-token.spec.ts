import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startLedger } from '../support/ledger-harness';

/** `npm run token`, as built (npm test builds first): what it prints, and which folder's key it uses. */
const root = join(__dirname, '..', '..');
const script = join(root, 'dist/scripts/mint-token.js');

function mint(dataDir: string, args: string[], env: Record<string, string> = {}) {
  if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first (npm test does)`);
  const result = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', script, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      TS_NODE_BASEURL: join(root, 'dist'),
      NODE_ENV: 'development',
      LEDGER_DATA_DIR: dataDir,
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run token', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-token-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach(removeDir));

  it('prints only the token, says which data folder’s key signed it, and warns when no ledger ran there', async () => {
    const empty = folder();
    const minted = mint(empty, ['--role', 'auditor']);
    expect(minted.status).toBe(0);
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(minted.stderr).toContain(`signed with the development key in ${empty}`);
    expect(minted.stderr).toContain(`warning: no ledger has run with the data folder ${empty}`);

    // A ledger on another folder answers 401, as the warning says; one on this folder accepts it.
    const elsewhere = await startLedger();
    const here = await startLedger(undefined, { dir: empty });
    try {
      const token = minted.stdout.trim();
      const ask = (ledger: typeof here) =>
        ledger.app.inject({ method: 'GET', url: '/v1/catalogue', headers: { authorization: `Bearer ${token}` } });
      expect((await ask(elsewhere)).statusCode).toBe(401);
      expect((await ask(here)).statusCode).toBe(200);
      const again = mint(empty, ['--role', 'support', '--sub', 'aigerim']);
      expect(again.status).toBe(0);
      expect(again.stderr).not.toContain('warning');
    } finally {
      await here.close();
      await elsewhere.close();
      removeDir(elsewhere.dir);
    }
  });

  it('refuses unknown roles, a lifetime past the ledger’s limit, and production', () => {
    const dir = folder();
    expect(mint(dir, ['--role', 'root'])).toMatchObject({ status: 2, stdout: '' });
    expect(mint(dir, ['--role', 'auditor', '--ttl', '7200']).stderr).toContain(
      '--ttl must be whole seconds from 1 to 3600',
    );
    expect(
      mint(dir, ['--role', 'auditor', '--ttl', '7200'], { LEDGER_AUTH_MAX_TOKEN_LIFETIME_SECONDS: '7200' }).status,
    ).toBe(0);
    const production = mint(dir, ['--role', 'auditor'], { NODE_ENV: 'production' });
    expect(production).toMatchObject({ status: 2, stdout: '' });
    expect(production.stderr).toContain('development tokens are for NODE_ENV=development or test');
  });

  // README: "a token … whose subject holds an IIN … is refused (401)": the CLI says so instead of minting
  // one the ledger turns away; and a misspelt option is no silent default.
  it('refuses a subject holding an IIN and an option it does not know', () => {
    const dir = folder();
    const iin = mint(dir, ['--role', 'auditor', '--sub', 'staff-900101300017']);
    expect(iin).toMatchObject({ status: 2, stdout: '' });
    expect(iin.stderr).toContain('--sub holds an IIN');
    const misspelt = mint(dir, ['--role', 'auditor', '--tll', '60']);
    expect(misspelt).toMatchObject({ status: 2, stdout: '' });
    expect(misspelt.stderr).toContain('unknown option or missing value: --tll');
    expect(mint(dir, ['--role', 'auditor', '--role'])).toMatchObject({ status: 2, stdout: '' });
    expect(mint(dir, ['--role', 'auditor', '--sub', 'alice', '--ttl', '60']).status).toBe(0);
  });
});

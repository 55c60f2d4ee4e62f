import { ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort, startBuiltService, stopAndRemove } from '../support/service-process';

/** The container's health check, run as written against the built service. */
const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const healthCheck = /HEALTHCHECK[^\n]*\\\n\s*CMD node -e "(.+)"\n/.exec(dockerfile)?.[1];

describe('the Dockerfile’s health check', () => {
  let child: ChildProcess | undefined;
  let dir: string;
  afterAll(() => stopAndRemove(child, dir));

  const check = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['-e', healthCheck!], { env: { PATH: process.env.PATH, ...env }, timeout: 10_000 })
      .status;

  it('calls the readiness probe, which needs no token, on the port the ledger listens on', async () => {
    expect(healthCheck).toContain('/health/probe');
    dir = mkdtempSync(join(tmpdir(), 'ledger-healthcheck-'));
    const port = await freePort();
    child = await startBuiltService(dir, port);
    expect(check({ LEDGER_PORT: String(port) })).toBe(0);
    expect(check({ PORT: String(port) })).toBe(0);
    child.kill('SIGTERM');
    await exited(child);
    child = undefined;
    expect(check({ LEDGER_PORT: String(port) })).toBe(1);
  }, 60_000);
});

import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { devKeyOf, devToken } from './tokens';

const root = join(__dirname, '..', '..');
export const builtMain = join(root, 'dist/apps/ledger/src/main.js');

/** Starts the built service as its own process and resolves once its read models have caught up. */
export async function startBuiltService(
  dir: string,
  port: number,
  env: Record<string, string> = {},
  onOutput?: (chunk: string) => void,
): Promise<ChildProcess> {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', builtMain], {
    cwd: root,
    env: {
      ...process.env,
      TS_NODE_BASEURL: join(root, 'dist'),
      LEDGER_DATA_DIR: dir,
      LEDGER_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
    onOutput?.(String(chunk));
  });
  child.stdout?.on('data', (chunk) => onOutput?.(String(chunk)));
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${stderr}`);
    try {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (live.ok) {
        const token = await devToken(devKeyOf(dir), ['auditor']);
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { projection?: { caughtUp?: boolean } };
        if (response.ok && body.projection?.caughtUp) return child;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not become ready: ${stderr}`);
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built ledger as a process of its own, for the tests that kill or restart it and for the
 * benchmarks that load it from another process: one way to start it, wait for it and stop it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { mintDevelopmentToken } from '../../apps/ledger/src/auth/development-tokens';

// This file runs from the source tree (under jest) or built into dist/ (the benchmarks).
const up2 = join(__dirname, '..', '..');
const root = existsSync(join(up2, 'package.json')) ? up2 : join(up2, '..');
const dist = join(root, 'dist');
/** Where `npm run build` puts the service. */
export const builtMain = join(dist, 'apps/ledger/src/main.js');
/**
 * Node's flags the service runs with, here as in `npm run start:built` and the Dockerfile (a test holds
 * all three together): a 64 MB young generation, because requests waiting for their fsync outlive the
 * default 16 MB one and were promoted, and garbage collection took a tenth of a check (5 % with it);
 * and an old space of at most 1 GB, because without a limit V8 sizes its heap for the machine (4 GB
 * on one of 16 GB or more) and held seven times the live heap under steady load, its resident memory
 * climbing for ten minutes (docs/benchmarks.md, the memory row).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--max-old-space-size=1024'];

export interface ServiceOptions {
  /** Added to the service's environment (after LEDGER_DATA_DIR and LEDGER_PORT). */
  readonly env?: Record<string, string>;
  /** Node's own flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Everything the service writes, as it comes; without it, its output is kept only for errors. */
  readonly onOutput?: (chunk: string) => void;
  /** How long to wait for it to be ready. Default 30 s. */
  readonly timeoutMs?: number;
}

/** Starts the built service on `dir` and `port`, and resolves once its read models have caught up. */
export async function startBuiltService(
  dir: string,
  port: number,
  options: ServiceOptions = {},
): Promise<ChildProcess> {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, ...(options.nodeArgs ?? []), '-r', 'tsconfig-paths/register', builtMain],
    {
      cwd: root,
      env: {
        ...process.env,
        TS_NODE_BASEURL: dist,
        LEDGER_DATA_DIR: dir,
        LEDGER_PORT: String(port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const take = (chunk: unknown) => {
    if (output.length < 64_000) output += String(chunk);
    options.onOutput?.(String(chunk));
  };
  child.stderr?.on('data', take);
  child.stdout?.on('data', take);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) {
        const token = await developmentToken(dir, 'auditor');
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
  throw new Error(`the service did not become ready: ${output}`);
}

/** A token signed with the development key the service made in its data folder. */
export function developmentToken(dir: string, role: Parameters<typeof mintDevelopmentToken>[1][number], sub?: string) {
  return mintDevelopmentToken(readFileSync(join(dir, DEVELOPMENT_KEY_FILE), 'utf8'), [role], {
    sub: sub ?? `local-${role}`,
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

/** A port free on loopback right now. */
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

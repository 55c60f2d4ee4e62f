import { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RowCheckThread } from '../../apps/ledger/src/importing/row-checker';
import { exited, startBuiltService as start } from '../../scripts/support/built-service';

export { builtMain, exited, freePort } from '../../scripts/support/built-service';

/** Starts the built service as its own process and resolves once its read models have caught up. */
export function startBuiltService(
  dir: string,
  port: number,
  env: Record<string, string> = {},
  onOutput?: (chunk: string) => void,
): Promise<ChildProcess> {
  return start(dir, port, { env, ...(onOutput ? { onOutput } : {}) });
}

/** Ends a service a test started (SIGTERM, then waits for it to exit) and removes its data folder. */
export async function stopAndRemove(child: ChildProcess | undefined, dir: string): Promise<void> {
  child?.kill('SIGTERM');
  if (child) await exited(child);
  // As removeDir: a SQLite file closed a moment ago may still be unlinking its -wal and -shm files.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/**
 * A worker thread's script as built, with what it needs to load the compiled code (`npm test` builds
 * first): a thread cannot run the sources.
 */
export function builtThread(script: string): { script: string; execArgv: string[]; env: NodeJS.ProcessEnv } {
  const root = join(__dirname, '..', '..');
  const file = join(root, 'dist', script);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return {
    script: file,
    execArgv: ['-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist') },
  };
}

/**
 * The import's row-checking thread as built: run from sources, the import checks rows on the main
 * thread, so a test that means the thread hands it this one.
 */
export function builtRowCheckThread(): RowCheckThread {
  const { script: entry, ...rest } = builtThread('apps/ledger/src/importing/row-check.worker.js');
  return { entry, ...rest };
}

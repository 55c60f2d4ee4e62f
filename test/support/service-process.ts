import { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
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
  rmSync(dir, { recursive: true, force: true });
}

import { ChildProcess } from 'node:child_process';
import { startBuiltService as start } from '../../scripts/support/built-service';

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

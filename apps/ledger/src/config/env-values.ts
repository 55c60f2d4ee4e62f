/** A setting that cannot be used: the service refuses to start and says which and why. */
export class ConfigError extends Error {}

/**
 * The ledger's mode, from NODE_ENV: only `development` and `test` relax anything. Every other value
 * — `production`, `Production`, `prod`, or none at all, as in a bare container — gets production rules.
 */
export type LedgerMode = 'production' | 'development' | 'test';

export function modeOf(nodeEnv: string | undefined): LedgerMode {
  return nodeEnv === 'development' || nodeEnv === 'test' ? nodeEnv : 'production';
}

/** The setting `name`: a whole number within bounds, or the default when unset. */
export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

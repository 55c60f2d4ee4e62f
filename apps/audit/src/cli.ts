import { readFileSync } from 'node:fs';
import { CatalogueIndex, LENDER_CATALOGUE } from '@ledger/consent-domain';

/** Exit codes a script can rely on. */
export const EXIT = {
  ok: 0,
  /** The export failed verification, or replay and the API disagree. */
  failed: 1,
  usage: 2,
  /** A file could not be read or the API could not be reached. */
  io: 3,
} as const;

export class UsageError extends Error {}

export interface Args {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) flags.set(arg.slice(2), true);
    else {
      flags.set(arg.slice(2), next);
      i += 1;
    }
  }
  return { positional, flags };
}

export function flag(args: Args, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

export function publicKeyFrom(args: Args): string | undefined {
  const file = flag(args, 'public-key');
  return file ? readFileSync(file, 'utf8') : undefined;
}

export const catalogue = new CatalogueIndex(LENDER_CATALOGUE);

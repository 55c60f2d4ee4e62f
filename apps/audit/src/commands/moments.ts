import { Moment, normaliseInstant } from '@ledger/consent-domain';
import { Args, flag, UsageError } from '../cli';

/** `--at` and `--known-at`, each defaulting to when the export was made (all it can know). */
export function momentFrom(args: Args, exportCreatedAt: string): Moment {
  const parse = (name: string) => {
    const value = flag(args, name);
    if (value === undefined) return exportCreatedAt;
    const instant = normaliseInstant(value);
    if (!instant) throw new UsageError(`--${name} must be an ISO-8601 date-time with a zone`);
    return instant;
  };
  return { at: parse('at'), knownAt: parse('known-at') };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { TimeRules } from '@ledger/consent-domain';

/** What a dry run has decided so far, instead of writing it: stream heads and new people's links. */
export interface DryRunScratch {
  readonly heads: Map<string, unknown>;
  readonly links: Map<string, string>;
}

/**
 * Commands run on behalf of a bulk import (each also marked as imported in its meta, with its line):
 * the late-fact window does not apply — the import is explicit and audited instead — and in a dry
 * run nothing is linked, sealed or written.
 */
export interface ImportScope {
  readonly importId: string;
  readonly dryRun?: DryRunScratch;
}

export const importScope = new AsyncLocalStorage<ImportScope>();

/** The time rules a decision runs under: an import may record facts a century old (never future ones). */
export function timeRulesFor(time: TimeRules): TimeRules {
  return importScope.getStore() ? { ...time, lateWindowMs: 100 * 365 * 24 * 60 * 60 * 1000 } : time;
}

import { TimeRules } from '@ledger/consent-domain';

/** What a dry run has decided so far, instead of writing it: stream heads and new people's links. */
export interface DryRunScratch {
  readonly heads: Map<string, unknown>;
  readonly links: Map<string, string>;
}

/**
 * A command sent by a bulk import: its events are marked with the import and the file's line, the
 * late-fact window does not apply — the import is explicit and audited instead — and in a dry run
 * its decision goes to the run's scratch: nothing is linked, sealed or written.
 */
export interface ImportedBy {
  readonly importId: string;
  readonly line: number;
  readonly dryRun?: DryRunScratch;
}

/** The time rules a decision runs under: an import may record facts a century old (never future ones). */
export function timeRulesFor(time: TimeRules, imported: ImportedBy | undefined): TimeRules {
  return imported ? { ...time, lateWindowMs: 100 * 365 * 24 * 60 * 60 * 1000 } : time;
}

/** What an imported event's metadata says of its import. */
export function importMark(imported: ImportedBy | undefined): { importId: string; line: number } | undefined {
  return imported && { importId: imported.importId, line: imported.line };
}

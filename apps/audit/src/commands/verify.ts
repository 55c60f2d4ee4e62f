import { ExportScope, VerificationReport } from '@ledger/ledger-log';
import { Args, EXIT, logHeads, madeAfter, pinnedKeys } from '../cli';
import { readExport } from '../export-reader';
import { Progress } from '../progress';

/**
 * Checks every hash chain, every signature, the header and the seal; names the first bad event and
 * why. Exit 0 only when every signature was made by a key the auditor pinned; an export that is
 * intact but signed by a key it carries itself exits 4, because anyone can make such an export.
 */
export async function verifyCommand(args: Args, out: (text: string) => void): Promise<number> {
  const pinned = pinnedKeys(args);
  const heads = logHeads(args);
  const after = madeAfter(args);
  const report = await readExport(args.file, {
    pinned,
    heads,
    ...(after !== undefined ? { madeAfter: after } : {}),
    progress: new Progress('verifying'),
  });
  out(describeVerified(report).join('\n') + '\n');
  if (report.incomplete) return EXIT.incomplete;
  return report.pinned ? EXIT.ok : EXIT.unpinned;
}

export function describeVerified(report: VerificationReport): string[] {
  const scope = describeScope(report.scope);
  const content = `${report.events} events in ${report.streams} streams`;
  const keys = report.keysUsed.map((k) => `${k.keyId} (fingerprint ${k.fingerprint})`).join(', ');
  const lines: string[] = [];
  if (report.incomplete) {
    lines.push(
      `INCOMPLETE ${scope}: the ledger stopped the export after ${report.incomplete.events} events ` +
        `(${report.incomplete.code}: ${report.incomplete.message}); those ${report.incomplete.events} events verify, the rest of the ${report.scope?.kind === 'log' ? 'log' : 'scope'} is not in it`,
    );
  } else if (report.pinned) {
    lines.push(`OK ${scope}: ${content}; every hash chain holds; header, positions and seal verified`);
  } else {
    lines.push(
      `UNPINNED ${scope}: ${content} are intact, but nothing proves who signed them — the key came from the export itself; ` +
        'pin the ledger’s key with --public-key, --key-fingerprint or --keyring (its key statement) to prove it',
    );
  }
  if (report.createdAt !== undefined) {
    // A genuine older export verifies as well as today's: only its signed time tells them apart.
    lines.push(
      `made ${report.createdAt}${report.newestRecordedAt ? `, its newest event recorded ${report.newestRecordedAt}` : ''}: ` +
        'the log as it stood then, nothing recorded since (--made-after <when you asked for it> refuses an older export)',
    );
  }
  if (report.scope && report.scope.kind !== 'log') {
    lines.push(
      `what it does not prove: that the ledger left out none of the ${report.scope.kind === 'subject' ? 'person’s' : 'period’s'} events — only a whole-log export, held to a head kept earlier, shows that`,
    );
  }
  lines.push(
    `checkpoints: ${report.checkpointsMatched} recomputed and matched, ${report.checkpointsSignedOnly} signature-checked only`,
  );
  lines.push(
    report.pinned ? `signed with pinned key ${keys}` : `signed with key ${keys}, taken from the export: not pinned`,
  );
  if (report.headsNotReached && report.headsNotReached.length > 0) {
    lines.push(
      `log head(s) at ${report.headsNotReached.join(', ')} events NOT checked: the export stops after ${report.events} events, before them; only a complete export can be held to them`,
    );
  }
  if (report.headsMatched > 0) {
    lines.push(`held to ${report.headsMatched} log head(s) kept from earlier exports: the log runs through them`);
  }
  if (report.logHead && report.logHead.events > 0 && !report.incomplete && !report.pinned) {
    lines.push(
      `log head: ${report.logHead.events}:${report.logHead.logHash} — of an export nobody has shown to be the ledger's: do not keep it to hold the ledger to until it verifies under the ledger's pinned key`,
    );
  } else if (report.logHead && report.logHead.events > 0 && !report.incomplete) {
    lines.push(
      `log head: ${report.logHead.events}:${report.logHead.logHash} — keep it; verify a later whole-log export with --log-head ${report.logHead.events}:${report.logHead.logHash} to prove the ledger did not rewrite these events since`,
    );
  }
  return lines;
}

export function describeScope(scope: ExportScope | undefined): string {
  if (scope?.kind === 'subject') return `subject ${scope.subjectId}`;
  if (scope?.kind === 'period') return `period ${scope.from} – ${scope.to}`;
  return 'whole log';
}

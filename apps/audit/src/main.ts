import { EXIT, FileError, parseCommandLine, UsageError } from './cli';
import { diffCommand } from './commands/diff';
import { receiptCommand } from './commands/receipt';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';
import { verifyReceiptCommand } from './commands/verify-receipt';
import { CannotAnswer, ExportIncomplete } from './replay';
import { ExportInvalid } from './export-reader';

const USAGE = `consent-ledger audit — check the ledger's history without trusting the service

  npm run -s audit -- verify  <export.ndjson> [--public-key <file.pem>] [--key-fingerprint <hex>] [--keyring <file>]
                              [--log-head <events>:<log hash>] [--made-after <T>]
  npm run -s audit -- replay  <export.ndjson> --subject <id> [--at <T>] [--known-at <T′>]
                              [--purpose <code> [--recipient <code>] [--categories <a,b>] [--legal-basis <code>]] [--json]
  npm run -s audit -- diff    <export.ndjson> --api <url> [--token <jwt>] [--sample <n>] [--seed <n>] [--concurrency <n>] [--at <T>] [--known-at <T′>]
  npm run -s audit -- receipt <export.ndjson> --subject <id> --consent <consentId> [--at <T>] [--known-at <T′>] [--operator <file.json>]
                              [--retention <file.json>]
  npm run -s audit -- verify-receipt <receipt.json> [--public-key <file.pem>] [--key-fingerprint <hex>] [--keyring <file>]

  Pinning the ledger's key (any of them, repeatable; obtained out of band, never from the export itself):
  --public-key       the key as a PEM file
  --key-fingerprint  its SHA-256 fingerprint (64 hex digits), as printed at the ledger's start-up, in
                     /health/ready and in the key statement the lender files with the regulator
  --keyring          the key statement (npm run -s key-statement) or a keyring file: every key the ledger
                     has used, each accepted only within its validity period
  Without a pinned key the export is checked with the keys it carries, and verify exits 4.
  verify-receipt checks a receipt the API issued (GET …/receipt) against its signed proof, naming each
  part changed, added or removed; without a pinned key it uses the key the receipt carries and exits 4.
  --log-head         a whole-log export's head as an earlier verify printed it (repeatable): the log must
                     run through it unchanged — even a key holder cannot rewrite what you kept
  --made-after       when you asked for the export: one made before it (a genuine older export handed over
                     as current) fails export-too-old

  --operator         the operator's details for receipts, a JSON object: name, names ({kk, ru, en}), bin (12
                     digits), address ({streetAddress, locality, country, region?, postalCode?}), email, phone,
                     contact, url, each a string; anything else is refused (exit 2)
  --retention        the ledger's retention rules for receipts ({"defaultYears": 5, "byDataCategory": {},
                     "creditBureauYears": 10}, as its LEDGER_RETENTION_* settings): without it a receipt
                     states only the consent's term
  --subject          the person's pseudonym (POST /v1/subjects/resolve turns an IIN into it)
  --at, --known-at   the moment asked about and what the ledger knew by then (ISO-8601 with a zone;
                     --knownAt is accepted too); both default to when the export was made
  --no-verify        read without checking (replay, diff and receipt verify by default)
  --token            a bearer token with the auditor or regulator role (or set LEDGER_TOKEN)
  --help             this text

  LEDGER_AUDIT_WORKERS=<n> has verify check event lines on n worker threads (default none: worth it
  only with cores to spare); LEDGER_AUDIT_BATCH_KB=<kb> sets the lines handed to one at a time
  (default 1024).

exit codes: 0 ok, signed by a pinned key · 1 verification failed, answers differ, or the export
            cannot answer (CANNOT ANSWER history-partial | event-unreadable) · 2 usage ·
            3 file or network error · 4 intact, but the signer is not pinned (replay, diff and
            receipt answer all the same; with --no-verify they exit 4 too) ·
            5 incomplete: the ledger ended the export with an error record`;

export async function run(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    if (args === 'help') {
      out(USAGE + '\n');
      return EXIT.ok;
    }
    switch (args.command) {
      case 'verify':
        return await verifyCommand(args, out);
      case 'replay':
        return await replayCommand(args, out, err);
      case 'diff':
        return await diffCommand(args, out, err);
      case 'receipt':
        return await receiptCommand(args, out, err);
      case 'verify-receipt':
        return verifyReceiptCommand(args, out);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof ExportInvalid) {
      out(`FAILED ${error.problem.code}: ${error.problem.reason}\n`);
      return EXIT.failed;
    }
    if (error instanceof CannotAnswer) {
      out(`CANNOT ANSWER ${error.code}: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof ExportIncomplete) {
      out(`INCOMPLETE ${error.message}\n`);
      return EXIT.incomplete;
    }
    if (error instanceof FileError) {
      err(`error: ${error.message}\n`);
      return EXIT.io;
    }
    err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.io;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => process.exit(code));
}

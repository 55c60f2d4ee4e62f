import { EXIT, parseArgs, UsageError } from './cli';
import { diffCommand } from './commands/diff';
import { receiptCommand } from './commands/receipt';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';
import { ExportInvalid } from './export-reader';

const USAGE = `consent-ledger audit — check the ledger's history without trusting the service

  npm run audit -- verify  <export.ndjson> [--public-key <file.pem>]
  npm run audit -- replay  <export.ndjson> --subject <id> [--at <T>] [--known-at <T′>]
                           [--purpose <code> --recipient <code> --categories <a,b>] [--json]
  npm run audit -- diff    <export.ndjson> --api <url> --token <jwt> [--sample <n>] [--seed <n>] [--at <T>] [--known-at <T′>]
  npm run audit -- receipt <export.ndjson> --subject <id> --consent <consentId> [--at <T>] [--known-at <T′>]

  --public-key   the ledger's key as the auditor obtained it (GET /v1/integrity/public-key, or out of
                 band); without it the key inside the export is used and the report says so
  --no-verify    read without checking chains and seal (replay, diff, receipt verify by default)
  --token        a bearer token with the auditor or regulator role (or set LEDGER_TOKEN)

exit codes: 0 ok · 1 verification failed or answers differ · 2 usage · 3 file or network error`;

export async function run(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const args = parseArgs(argv);
  const [command, file] = args.positional;
  try {
    if (!command || command === 'help' || args.flags.has('help')) {
      out(USAGE + '\n');
      return command ? EXIT.ok : EXIT.usage;
    }
    if (!file) throw new UsageError(`${command} needs an export file`);
    switch (command) {
      case 'verify':
        return await verifyCommand(file, args, out);
      case 'replay':
        return await replayCommand(file, args, out);
      case 'diff':
        return await diffCommand(file, args, out);
      case 'receipt':
        return await receiptCommand(file, args, out);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof ExportInvalid) {
      out(`FAILED ${error.problem.code}: ${error.problem.reason}\n`);
      return EXIT.failed;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.io;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => process.exit(code));
}

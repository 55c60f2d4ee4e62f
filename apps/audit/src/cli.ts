import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CatalogueIndex, LENDER_CATALOGUE, Moment, normaliseInstant } from '@ledger/consent-domain';
import { KeyringError, keyringEntry, LogHead, PinnedKey, readKeyring } from '@ledger/ledger-log';

/** Exit codes a script can rely on (also in the usage text and the README). */
export const EXIT = {
  ok: 0,
  /** The export failed verification, or replay and the API disagree. */
  failed: 1,
  usage: 2,
  /** A file could not be read or the API could not be reached. */
  io: 3,
  /** Intact, but signed by a key the auditor did not pin: nothing proves who made it. */
  unpinned: 4,
  /** The ledger ended the export with an error record: what it holds verifies, but it is not all. */
  incomplete: 5,
} as const;

/** Bad usage: the message, then the usage text, exit 2. */
export class UsageError extends Error {}
/** A file that cannot be read: one line, exit 3. */
export class FileError extends Error {}

const TRUST = {
  'public-key': { type: 'string', multiple: true },
  'key-fingerprint': { type: 'string', multiple: true },
  keyring: { type: 'string', multiple: true },
} as const;
const READING = { ...TRUST, 'no-verify': { type: 'boolean' } } as const;
const MOMENT = { at: { type: 'string' }, 'known-at': { type: 'string' }, knownAt: { type: 'string' } } as const;

/** Each command's flags; anything else is refused (`parseArgs` with `strict`). */
export const COMMANDS = {
  verify: { ...TRUST, 'log-head': { type: 'string', multiple: true }, 'made-after': { type: 'string' } },
  replay: {
    ...READING,
    ...MOMENT,
    subject: { type: 'string' },
    purpose: { type: 'string' },
    recipient: { type: 'string' },
    categories: { type: 'string' },
    'legal-basis': { type: 'string' },
    json: { type: 'boolean' },
  },
  diff: {
    ...READING,
    ...MOMENT,
    api: { type: 'string' },
    token: { type: 'string' },
    sample: { type: 'string' },
    concurrency: { type: 'string' },
    seed: { type: 'string' },
  },
  receipt: {
    ...READING,
    ...MOMENT,
    subject: { type: 'string' },
    consent: { type: 'string' },
    operator: { type: 'string' },
    retention: { type: 'string' },
  },
  'verify-receipt': { ...TRUST },
} as const;

export type CommandName = keyof typeof COMMANDS;
type Values = Record<string, string | boolean | string[] | undefined>;

export interface Args {
  readonly command: CommandName;
  readonly file: string;
  readonly values: Values;
}

/** `help` when asked for it (`--help`, `-h`, `help`); otherwise the command, its file and its flags. */
export function parseCommandLine(argv: readonly string[]): Args | 'help' {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('name a command');
  if (
    command === 'help' ||
    command === '--help' ||
    command === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    return 'help';
  }
  if (!(command in COMMANDS)) {
    throw new UsageError(
      command.startsWith('-') ? `the command comes first, before ${command}` : `unknown command ${command}`,
    );
  }
  const name = command as CommandName;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: COMMANDS[name], strict: true, allowPositionals: true }) as never;
  } catch (error) {
    throw new UsageError(describeParseError(name, error));
  }
  const [file, ...extra] = parsed.positionals;
  const what = name === 'verify-receipt' ? 'receipt file' : 'export file';
  if (file === undefined) throw new UsageError(`${name} needs a ${what}`);
  if (extra.length > 0) throw new UsageError(`${name} takes one ${what}; unexpected ${extra.join(' ')}`);
  return { command: name, file, values: parsed.values };
}

function describeParseError(command: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message} for ${command}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `${option ?? 'an option'} ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}`;
  return message;
}

export function text(args: Args, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flagSet(args: Args, name: string): boolean {
  return args.values[name] === true;
}

/** `--at`, and `--known-at` (or the API's spelling `--knownAt`), each defaulting to `fallback`. */
export function momentFrom(args: Args, fallback: string): Moment {
  const knownAtValues = [text(args, 'known-at'), text(args, 'knownAt')].filter((v): v is string => v !== undefined);
  if (knownAtValues.length === 2 && knownAtValues[0] !== knownAtValues[1]) {
    throw new UsageError('--known-at and --knownAt name the same thing; give one');
  }
  const parse = (name: string, value: string | undefined) => {
    if (value === undefined) return fallback;
    const instant = normaliseInstant(value);
    if (!instant)
      throw new UsageError(`--${name} must be an ISO-8601 date-time with a zone, e.g. 2025-03-01T00:00:00Z`);
    return instant;
  };
  return { at: parse('at', text(args, 'at')), knownAt: parse('known-at', knownAtValues[0]) };
}

export function momentGiven(args: Args): boolean {
  return ['at', 'known-at', 'knownAt'].some((name) => text(args, name) !== undefined);
}

/** A subject's pseudonym; an IIN in its place is refused with the way to get the pseudonym. */
export function subjectIdFrom(args: Args, command: string): string {
  const subjectId = text(args, 'subject');
  if (!subjectId) throw new UsageError(`${command} needs --subject <id> (the person's pseudonym)`);
  if (/^\d{12}$/.test(subjectId.trim())) {
    throw new UsageError(
      '--subject takes the person’s pseudonym, not an IIN: exports never hold IINs. Get the pseudonym from the ledger with ' +
        'POST /v1/subjects/resolve {"iin": "…"} (auditor or regulator role); it answers {"subjectId": "<32 hex digits>"}',
    );
  }
  if (!/^[0-9a-f]{32}$/.test(subjectId)) {
    throw new UsageError('--subject must be the 32-hex-digit pseudonym from POST /v1/subjects/resolve');
  }
  return subjectId;
}

/** The keys the auditor pinned: `--public-key` files, `--key-fingerprint`s and `--keyring` files. */
export function pinnedKeys(args: Args): PinnedKey[] {
  const list = (name: string) => (args.values[name] as string[] | undefined) ?? [];
  const pins: PinnedKey[] = [];
  for (const file of list('public-key')) {
    try {
      const entry = keyringEntry(readText(file, '--public-key'));
      pins.push({ fingerprint: entry.fingerprint, publicKeyPem: entry.publicKeyPem });
    } catch (error) {
      if (error instanceof KeyringError)
        throw new UsageError(`--public-key ${file} is not an Ed25519 public key (PEM)`);
      throw error;
    }
  }
  for (const given of list('key-fingerprint')) {
    const fingerprint = given.replace(/[\s:]/g, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) {
      throw new UsageError(
        '--key-fingerprint takes the key’s SHA-256 fingerprint, 64 hex digits (printed when the ledger starts, in /health/ready and in its key statement)',
      );
    }
    pins.push({ fingerprint });
  }
  for (const file of list('keyring')) {
    let document: unknown;
    try {
      document = JSON.parse(readText(file, '--keyring'));
      pins.push(...readKeyring(document));
    } catch (error) {
      if (error instanceof SyntaxError) throw new UsageError(`--keyring ${file} is not JSON`);
      if (error instanceof KeyringError) throw new UsageError(`--keyring ${file}: ${error.message}`);
      throw error;
    }
  }
  return pins;
}

/** The log heads the auditor kept from earlier whole-log exports: `--log-head <events>:<log hash>`. */
export function logHeads(args: Args): LogHead[] {
  return ((args.values['log-head'] as string[] | undefined) ?? []).map((given) => {
    const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(given.trim());
    if (!match || Number(match[1]) < 1 || !Number.isSafeInteger(Number(match[1]))) {
      throw new UsageError(
        '--log-head takes <events>:<log hash> as an earlier whole-log verify printed it (a count of at least 1, a colon, 64 hex digits)',
      );
    }
    return { events: Number(match[1]), logHash: match[2].toLowerCase() };
  });
}

/** `--made-after <T>`: when the auditor asked for the export, so that an older one handed over instead fails. */
export function madeAfter(args: Args): string | undefined {
  const given = text(args, 'made-after');
  if (given === undefined) return undefined;
  const instant = normaliseInstant(given);
  if (!instant)
    throw new UsageError('--made-after must be an ISO-8601 date-time with a zone, e.g. 2025-03-01T00:00:00Z');
  return instant;
}

/** A file's text, or a FileError saying in one line why it cannot be read. */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError(file, what, error);
  }
}

export function fileError(file: string, what: string, error: unknown): FileError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : error instanceof Error
            ? error.message
            : String(error);
  return new FileError(`cannot read ${what} ${file}: ${why}`);
}

export const catalogue = new CatalogueIndex(LENDER_CATALOGUE);

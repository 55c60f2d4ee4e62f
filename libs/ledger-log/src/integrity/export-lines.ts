import { isJsonObject } from '../canonical-json';
import { CHECKPOINT_EVENT_TYPE, EventRef, ExportedEvent, ExportHeader } from './export-format';
import { GENESIS_HASH, needsEscape, nextLogHash, sha256 } from './hash-chain';

// Export lines as the verifier reads them: an event line's shape, and its bytes against its hash —
// the checks that need no line before it (docs/integrity.md).

/** The first thing found wrong in an export, and where. */
export interface VerificationProblem {
  readonly code: string;
  readonly line: number;
  readonly reason: string;
  readonly eventId?: string;
  readonly stream?: string;
  readonly revision?: number;
}

/**
 * The longest line a reader of an export takes: four times the longest event line the ledger can
 * write (a command body is at most 10 MiB, `LEDGER_BODY_LIMIT_BYTES`; sealed, under 16 MiB). A longer
 * line is not the ledger's, and reading it whole would only exhaust memory (a JavaScript string
 * stops at 512 MiB).
 */
export const MAX_EXPORT_LINE_BYTES = 64 * 1024 * 1024;

/** The problem a line longer than MAX_EXPORT_LINE_BYTES is, named by its number. */
export function lineTooLong(line: number): VerificationProblem {
  return {
    code: 'line-too-long',
    line,
    reason: `line ${line} is longer than ${MAX_EXPORT_LINE_BYTES / 1024 / 1024} MiB, and the ledger writes no line that long: the export was altered here, or this is not an export`,
  };
}

/**
 * The problem a line that is not UTF-8 is. The ledger writes UTF-8; a reader that decodes such bytes
 * puts U+FFFD in their place, so a genuine U+FFFD rewritten as a stray byte would read, and hash, as
 * the text it replaced: the bytes must be refused before they are decoded.
 */
export function lineNotUtf8(line: number): VerificationProblem {
  return {
    code: 'not-utf8',
    line,
    reason: `line ${line} is not UTF-8, and the ledger writes nothing else: the export was altered here, or saved again in another encoding`,
  };
}

export type ExportRecord =
  | { readonly kind: 'header'; readonly header: ExportHeader }
  | { readonly kind: 'event'; readonly event: ExportedEvent };

export type Bytes = { readonly buffer: Buffer; readonly start: number; readonly end: number };

/**
 * Reads an event line (`withFollows`) or a trailing checkpoint line: the event's hash is the SHA-256
 * of the bytes of its `event` member, as written (the ledger writes them in JCS form).
 * The parsed event is completed in place (position and hash) and handed on.
 */
export function decodeEventLine(
  value: Record<string, unknown>,
  text: string,
  line: number,
  withFollows: boolean,
  bytes: Bytes | undefined,
): { event: ExportedEvent; follows: EventRef | null } | { problem: VerificationProblem } {
  const malformed = (why: string) => ({
    problem: {
      code: 'not-an-event-line',
      line,
      reason: `line ${line} is not an event line as the ledger writes it (${why})`,
    },
  });
  const { hash, position, follows, event } = value;
  if (typeof hash !== 'string' || typeof position !== 'string') return malformed('hash or position missing');
  if (withFollows && !(follows === null || isRef(follows))) return malformed('"follows" is not an event reference');
  const prefix = eventStart(value, text, withFollows);
  if (prefix < 0 || text.charCodeAt(text.length - 1) !== 125 /* } */) {
    return malformed('fields added, removed or reordered');
  }
  if (!isHashedEvent(event)) return malformed('its event lacks a field or has one too many');
  let hashed: string | Uint8Array;
  if (bytes) {
    // One byte per character when the line is ASCII (the usual case); otherwise count the prefix's bytes.
    const ascii = bytes.end - bytes.start === text.length;
    hashed = bytes.buffer.subarray(
      bytes.start + (ascii ? prefix : Buffer.byteLength(text.slice(0, prefix))),
      bytes.end - 1,
    );
  } else {
    hashed = text.slice(prefix, text.length - 1);
  }
  if (sha256(hashed) !== hash) {
    return {
      problem: {
        line,
        eventId: event.id,
        stream: event.stream,
        revision: event.revision,
        code: 'content-changed',
        reason: `event ${event.id} (${event.stream} revision ${event.revision}, line ${line}): its content does not match its recorded hash — it was changed`,
      },
    };
  }
  const exported = event as { -readonly [K in keyof ExportedEvent]: ExportedEvent[K] };
  exported.position = position;
  exported.hash = hash;
  return { event: exported, follows: withFollows ? (follows as EventRef | null) : null };
}

/**
 * Where the hashed event starts in an event line: the line must begin with exactly the prefix the
 * ledger writes for the fields it parsed to (`linePrefix`). JSON.parse keeps the last of two equal
 * names, reads escapes in names and skips spaces; the bytes before the event are held to one spelling,
 * so no member can be written twice with another value first (the log-hash recount reads the first
 * `"hash"` of a line), spelled otherwise or reordered.
 */
function eventStart(value: Record<string, unknown>, text: string, withFollows: boolean): number {
  let fields = 0;
  for (const _ in value) fields += 1;
  if (fields !== (withFollows ? 5 : 4)) return -1;
  // linePrefix's text, matched piece by piece where it lies instead of written out and compared.
  let at = literal(text, 0, '{"kind":');
  at = quoted(text, at, String(value.kind));
  at = literal(text, at, ',"hash":');
  at = quoted(text, at, String(value.hash));
  at = literal(text, at, ',"position":');
  at = quoted(text, at, String(value.position));
  if (withFollows) {
    const follows = value.follows as EventRef | null;
    if (follows === null) at = literal(text, at, ',"follows":null');
    else {
      at = literal(text, at, ',"follows":{"stream":');
      at = quoted(text, at, follows.stream);
      at = literal(text, at, ',"revision":');
      at = literal(text, at, String(follows.revision));
      at = literal(text, at, '}');
    }
  }
  return literal(text, at, ',"event":');
}

/** Where `piece` ends if `text` holds it at `at`; -1 otherwise (or if `at` already is). */
function literal(text: string, at: number, piece: string): number {
  return at >= 0 && text.startsWith(piece, at) ? at + piece.length : -1;
}

/** `literal` of `JSON.stringify(value)`, without writing it when nothing in it needs escaping. */
function quoted(text: string, at: number, value: string): number {
  if (at < 0) return -1;
  if (needsEscape(value)) return literal(text, at, JSON.stringify(value));
  const end = at + 1 + value.length;
  return text.charCodeAt(at) === 34 /* " */ && text.startsWith(value, at + 1) && text.charCodeAt(end) === 34
    ? end + 1
    : -1;
}

/** What `checkEventLine` finds in a plain event line: all the ordered checks need. */
export interface CheckedEvent {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly hash: string;
  readonly position: string;
  readonly previousHash: string;
  /** The event's `metadata.recordedAt` and `occurredAt` ('' when it has none). */
  readonly recordedAt: string;
  readonly occurredAt: string;
  /** The command the event was written by (`metadata.commandId`; '' when it has none). */
  readonly commandId: string;
  /** Whether the event came in through a bulk import (`metadata.imported`): no late window for it. */
  readonly imported: boolean;
  readonly follows: EventRef | null;
}

/**
 * The checks of an event line that need nothing from the lines before it — its shape, and its bytes
 * against its hash — so that they can run on another thread. Undefined for anything but a sound,
 * plain (non-checkpoint) event line: such a line goes through `ExportVerifier.read`, which says why.
 */
export function checkEventLine(
  text: string,
  bytes?: { buffer: Buffer; start: number; end: number },
): CheckedEvent | undefined {
  if (!text.startsWith('{"kind":"event",')) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const decoded = decodeEventLine(value, text, 0, true, bytes);
  if ('problem' in decoded) return undefined;
  const { event, follows } = decoded;
  const previousHash = event.metadata.previousHash;
  if (event.type === CHECKPOINT_EVENT_TYPE || typeof previousHash !== 'string') return undefined;
  return {
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    hash: event.hash,
    position: event.position,
    previousHash,
    recordedAt: typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : '',
    occurredAt: typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : '',
    commandId: typeof event.metadata.commandId === 'string' ? event.metadata.commandId : '',
    imported: event.metadata.imported !== undefined,
    follows,
  };
}

/** An event line as it is, without checking anything (`--no-verify`). */
export function parseExportLine(text: string): ExportRecord | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value?.kind === 'header') return { kind: 'header', header: value as unknown as ExportHeader };
  if (value?.kind === 'event' && isHashedEvent(value.event)) {
    return {
      kind: 'event',
      event: Object.assign(value.event, { position: String(value.position), hash: String(value.hash) }),
    };
  }
  return undefined;
}

/**
 * The log hash after each of `counts` events, from the event lines' recorded hashes alone, and the
 * id of the event at each of those counts (the only lines read whole: `whole` gives the line).
 */
export class LogHashRecount {
  private logHash = GENESIS_HASH;
  private count = 0;
  readonly at = new Map<number, string>();
  readonly ids = new Map<number, string>();

  constructor(private readonly counts: ReadonlySet<number>) {}

  /** `text`: the line, or at least its first 100 characters with `whole` giving all of it. */
  accept(text: string, whole: () => string = () => text): void {
    if (!text.startsWith(EVENT_HASH_PREFIX)) return;
    this.logHash = nextLogHash(this.logHash, text.slice(EVENT_HASH_PREFIX.length, EVENT_HASH_PREFIX.length + 64));
    this.count += 1;
    if (this.counts.has(this.count)) {
      this.at.set(this.count, this.logHash);
      // The first pass read this line as an event line; should it read otherwise now, no id matches.
      try {
        this.ids.set(this.count, String((JSON.parse(whole()) as { event: { id: unknown } }).event.id));
      } catch {
        this.ids.set(this.count, '');
      }
    }
  }
}

const EVENT_HASH_PREFIX = '{"kind":"event","hash":"';
/** data, id, metadata, revision, stream, type */
const HASHED_EVENT_FIELDS = 6;

function isHashedEvent(value: unknown): value is Omit<ExportedEvent, 'position' | 'hash'> {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  let fields = 0;
  for (const _ in e) fields += 1;
  return (
    fields === HASHED_EVENT_FIELDS &&
    typeof e.stream === 'string' &&
    Number.isInteger(e.revision) &&
    (e.revision as number) >= 0 &&
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    isJsonObject(e.data) &&
    isJsonObject(e.metadata) &&
    (e.metadata as Record<string, unknown>).hash === undefined
  );
}

function isRef(value: unknown): value is EventRef {
  if (!isJsonObject(value)) return false;
  return (
    Object.keys(value).length === 2 &&
    typeof value.stream === 'string' &&
    Number.isInteger(value.revision) &&
    (value.revision as number) >= 0
  );
}

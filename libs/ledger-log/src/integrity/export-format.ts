import { createHash } from 'node:crypto';
import { StoredEvent } from '@ledger/event-store';
import { canonicalJson } from '../canonical-json';
import { eventHash, HashableText, hashedText, sha256 } from './hash-chain';
import { KeyringEntry } from './keyring';

/**
 * An export is NDJSON (docs/integrity.md): a header, one line per event in the log's global order
 * with signed marks every MARK_EVERY events, and a signed seal — or, when the ledger could not read
 * on, a signed error record in its place. Everything in it is covered: the header by its hash, which
 * every mark and the seal sign; each event's content by its hash; its hash and position by the
 * export's own fold, which the marks and the seal sign; each event names the one exported before it,
 * so a missing or moved event is named by stream and revision.
 */
export const EXPORT_FORMAT = 'consent-ledger-export/2';
export const CHECKPOINT_EVENT_TYPE = 'LogCheckpointSigned';

export type ExportScope =
  | { readonly kind: 'log' }
  | { readonly kind: 'subject'; readonly subjectId: string }
  | { readonly kind: 'period'; readonly from: string; readonly to: string };

export interface ExportHeader {
  readonly kind: 'header';
  readonly format: typeof EXPORT_FORMAT;
  readonly scope: ExportScope;
  readonly createdAt: string;
  readonly catalogueVersion: string;
  /**
   * The key that signs this export's marks and seal, and every key of the ledger's keyring (older
   * checkpoints in the log are signed by the key of their time). Not trusted by itself: an auditor
   * pins the keys obtained out of band.
   */
  readonly signing: {
    readonly algorithm: 'Ed25519';
    readonly keyId: string;
    readonly publicKeyPem: string;
    readonly keyring: readonly KeyringEntry[];
  };
}

/** An event as a reader of an export sees it: the stored event with its recorded hash. */
export interface ExportedEvent extends StoredLike {
  /** As hashed: without `hash`. */
  readonly metadata: Record<string, unknown>;
  readonly hash: string;
}

/** Where an event sits: its stream and revision. */
export interface EventRef {
  readonly stream: string;
  readonly revision: number;
}

export interface StreamHead {
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly lastHash: string;
}

/**
 * Every MARK_EVERY events the exporter signs how far it has got, so that a change the folds alone
 * see (a position edited, events reordered across streams) is placed within a thousand events.
 */
export const MARK_EVERY = 1000;

export interface ExportMarkBody {
  readonly kind: 'mark';
  readonly headerHash: string;
  readonly events: number;
  readonly exportHash: string;
}

export interface ExportMark extends ExportMarkBody {
  readonly signature: string;
}

/** What ends an export, sealed or cut short: how far it got, and the key that signs that. */
interface ExportEnd {
  readonly headerHash: string;
  readonly events: number;
  /** The export fold over every event (and a subject export's trailing checkpoint). */
  readonly exportHash: string;
  /** The last event exported (null for an empty export). */
  readonly follows: EventRef | null;
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
}

export interface ExportSealBody extends ExportEnd {
  readonly kind: 'seal';
  /** Subject exports only: where each exported stream ends. */
  readonly streams?: Readonly<Record<string, StreamHead>>;
}

export interface ExportSeal extends ExportSealBody {
  readonly signature: string;
}

/** Ends an export the ledger could not finish (a store error): what came before it is intact. */
export interface ExportErrorBody extends ExportEnd {
  readonly kind: 'error';
  /** e.g. `store-damaged`, `store-unavailable`, `export-failed`. */
  readonly code: string;
  readonly message: string;
}

export interface ExportError extends ExportErrorBody {
  readonly signature: string;
}

/** What a `LogCheckpointSigned` event holds: a signed commitment to the log up to one event. */
export interface CheckpointBody {
  /** How many events of the log, in global order, the checkpoint covers. */
  readonly eventsCovered: number;
  readonly lastEventId: string;
  /**
   * Where that event lies in the store that signed it (opaque, store-specific): lets the ledger
   * re-check the stretch between two checkpoints at start-up without folding the whole log.
   */
  readonly lastPosition?: string;
  readonly logHash: string;
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
}

export interface Checkpoint extends CheckpointBody {
  readonly signature: string;
}

/** The hash of a header: SHA-256 of its JCS encoding. Marks, the seal and the error record sign it. */
export function headerHashOf(header: ExportHeader): string {
  return sha256(canonicalJson(header));
}

/**
 * The export fold: one running SHA-256 over the header's hash, then for each event line its hash and
 * its position as a JSON string (hashes are 64 hex digits and a JSON string ends itself, so the bytes
 * read back one way):
 *
 *   exportHash(n) = SHA-256( headerHash ‖ hash(1) ‖ JSON(position(1)) ‖ … ‖ hash(n) ‖ JSON(position(n)) )
 *
 * Marks sign it after every MARK_EVERY events, the seal after the last.
 */
export class ExportFold {
  private readonly running = createHash('sha256');

  constructor(headerHash: string) {
    this.running.update(headerHash);
  }

  add(hash: string, position: string): void {
    this.running.update(hash + JSON.stringify(position));
  }

  value(): string {
    return this.running.copy().digest('hex');
  }
}

/**
 * An event as the store gives it, its metadata still holding the hash the ledger recorded; as an
 * export's reader sees it, its position is any string.
 */
export type StoredLike = Omit<StoredEvent, 'position'> & { readonly position: string };

/**
 * An event's line: `{"kind","hash","position","follows","event":<JCS of the hashed event>}` in that
 * order, so that the event's hash is the SHA-256 of the bytes between `"event":` and the closing
 * brace. The hash written is the one the ledger recorded: if the stored content was altered since,
 * verification names this event.
 */
export function eventLine(
  event: StoredLike,
  /** The event exported before it; undefined for a subject export's trailing checkpoint. */
  follows: EventRef | null | undefined,
  kind: 'event' | 'checkpoint' = 'event',
): { line: string; hash: string } {
  const { hash: recorded, ...metadata } = event.metadata;
  const hash = typeof recorded === 'string' ? recorded : eventHash(event);
  const body = canonicalJson({
    data: event.data,
    id: event.id,
    metadata,
    revision: event.revision,
    stream: event.stream,
    type: event.type,
  });
  return { line: linePrefix(kind, hash, event.position, follows) + body + '}', hash };
}

/**
 * `eventLine` written from the event's stored text (the embedded store's `readAllText`), with no JSON
 * parsed or written again: the recorded hash is found in the metadata text, and the line is written
 * only if the stored bytes hash to it (`hashedText`), so it is the very line `eventLine` writes.
 * Undefined otherwise (text stored in another order, or changed): the caller then parses the event
 * and writes it with `eventLine`, which is where a changed event is left for the verifier to name.
 */
export function storedEventLine(
  event: HashableText & { readonly position: string },
  follows: EventRef | null,
): { line: string; hash: string } | undefined {
  const at = event.metadata.indexOf('"hash":"');
  if (at < 0) return undefined;
  const recorded = event.metadata.slice(at + 8, at + 8 + 64);
  const body = hashedText(event, recorded);
  if (body === undefined) return undefined;
  return { line: linePrefix('event', recorded, event.position, follows) + body + '}', hash: recorded };
}

/** The part of an event line before the hashed event; the verifier holds each line to it (eventStart). */
export function linePrefix(kind: string, hash: string, position: string, follows: EventRef | null | undefined): string {
  const followsJson =
    follows === undefined
      ? ''
      : `,"follows":${follows === null ? 'null' : `{"stream":${JSON.stringify(follows.stream)},"revision":${follows.revision}}`}`;
  return `{"kind":${JSON.stringify(kind)},"hash":${JSON.stringify(hash)},"position":${JSON.stringify(position)}${followsJson},"event":`;
}

export function describeRef(ref: EventRef | null): string {
  return ref ? `${ref.stream} revision ${ref.revision}` : 'the start of the export';
}

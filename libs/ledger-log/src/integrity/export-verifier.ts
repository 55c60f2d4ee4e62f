import {
  Checkpoint,
  CHECKPOINT_EVENT_TYPE,
  describeRef,
  EventRef,
  EXPORT_FORMAT,
  ExportedEvent,
  ExportError,
  ExportHeader,
  ExportMark,
  ExportScope,
  ExportSeal,
  headerHashOf,
  ExportFold,
} from './export-format';
import { GENESIS_HASH, nextLogHash, sha256 } from './hash-chain';
import { describePeriod, KeyringEntry, keyringEntry, validAt } from './keyring';
import { verifyPayload } from './signing';

/** A key the auditor obtained out of band: by its PEM, by its fingerprint alone, or from a keyring. */
export interface PinnedKey {
  readonly fingerprint: string;
  /** Absent when pinned by fingerprint: the export's own copy of the key is used if it matches. */
  readonly publicKeyPem?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
}

export interface VerificationProblem {
  readonly code: string;
  readonly line: number;
  readonly reason: string;
  readonly eventId?: string;
  readonly stream?: string;
  readonly revision?: number;
}

export interface VerificationReport {
  readonly scope?: ExportScope;
  readonly createdAt?: string;
  /** The key that signed the marks and the seal (or error record). */
  readonly signer?: { readonly keyId: string; readonly fingerprint: string };
  /** Every signature was checked under a key the auditor pinned. Without pins, under the export's own keys. */
  readonly pinned: boolean;
  /** Keys that signed something in the export. */
  readonly keysUsed: readonly { readonly keyId: string; readonly fingerprint: string }[];
  readonly events: number;
  readonly streams: number;
  readonly checkpointsMatched: number;
  /** Checkpoints whose signature is valid but whose log hash a partial export cannot recompute. */
  readonly checkpointsSignedOnly: number;
  /** Whole-log checkpoints that cover events too far back to recompute in one pass (see `deferredCheckpoints`). */
  readonly checkpointsDeferred: number;
  readonly sealed: boolean;
  /** Set when the ledger ended the export with a signed error record: the export is incomplete. */
  readonly incomplete?: { readonly code: string; readonly message: string; readonly events: number };
}

/** A checkpoint to recompute after the pass: it covers `eventsCovered` events, more than RECENT back. */
export interface DeferredCheckpoint {
  readonly eventsCovered: number;
  readonly logHash: string;
  readonly eventId: string;
  readonly line: number;
}

/** How far back a checkpoint is recomputed during the pass (a ring of the latest log hashes). */
const RECENT = 1 << 15;

type Resolved = { readonly pem: string; readonly keyId: string; readonly fingerprint: string };

/**
 * Checks an export line by line, in memory that grows with the number of streams, not events. The
 * first problem found is returned (and every later call returns it again).
 *
 * With pinned keys every signature must be made by one of them, valid at the signature's time; without,
 * the keys the export carries are used and the report says that nothing proves who signed.
 */
export class ExportVerifier {
  private header?: ExportHeader;
  private headerHash = '';
  private signer?: Resolved;
  private readonly embedded = new Map<string, KeyringEntry>();
  private readonly pins: readonly PinnedKey[];
  private readonly keysUsed = new Map<string, string>();
  /** One head per stream: all the memory that grows with the export. */
  private readonly streams = new Map<string, { lastRevision: number; lastHash: string }>();
  private previous: EventRef | null = null;
  private fold?: ExportFold;
  private logHash = GENESIS_HASH;
  /** The log hash after each of the latest `window` events, by count modulo the window. */
  private readonly window: number;
  private readonly recent: string[];
  private count = 0;
  private ended?: 'seal' | 'error';
  private incomplete?: VerificationReport['incomplete'];
  private checkpointLineSeen = false;
  private checkpointsMatched = 0;
  private checkpointsSignedOnly = 0;
  private readonly deferred: DeferredCheckpoint[] = [];
  private lastMatchedAt = 0;
  private failed?: VerificationProblem;

  constructor(options: { pinned?: readonly PinnedKey[]; recent?: number } = {}) {
    this.pins = (options.pinned ?? []).map((p) => ({ ...p, fingerprint: p.fingerprint.toLowerCase() }));
    this.window = options.recent ?? RECENT;
    this.recent = new Array<string>(this.window);
  }

  /** Checks one line; the problem found, if any. */
  accept(text: string, line: number): VerificationProblem | undefined {
    return this.read(text, line).problem;
  }

  /** Checks one line and gives back what it holds, for readers that replay as they verify. */
  read(text: string, line: number): { problem?: VerificationProblem; record?: ExportRecord } {
    return this.readLine(text, line, undefined);
  }

  /**
   * As `read`, for a line held as UTF-8 bytes `buffer[start, end)`: the event's hash is taken over
   * the bytes themselves, without encoding the text again.
   */
  readBytes(
    buffer: Buffer,
    start: number,
    end: number,
    line: number,
  ): { problem?: VerificationProblem; record?: ExportRecord } {
    return this.readLine(buffer.toString('utf8', start, end), line, { buffer, start, end });
  }

  private readLine(text: string, line: number, bytes: Bytes | undefined): Checked {
    if (this.failed) return { problem: this.failed };
    if (text.length === 0 || text.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.fail({
        code: 'not-json',
        line,
        reason: `line ${line} is not valid JSON: the export was altered here`,
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return this.fail({ code: 'unknown-line', line, reason: `line ${line} is not an export record` });
    }
    const result = this.check(value as Record<string, unknown>, text, line, bytes);
    if (result.problem) this.failed = result.problem;
    return result;
  }

  /** Call after the last line: an export ends with its seal, or with the ledger's error record. */
  finish(lastLine: number): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    if (!this.header) {
      this.failed = { code: 'empty-export', line: lastLine, reason: 'the export has no header line' };
    } else if (!this.ended) {
      this.failed = {
        code: 'seal-missing',
        line: lastLine,
        reason: `the export ends after ${this.count} events without its signed seal: it was cut short after line ${lastLine}`,
      };
    }
    return this.failed;
  }

  /** Whole-log checkpoints left to recompute by reading the export again (`settleDeferred`). */
  deferredCheckpoints(): readonly DeferredCheckpoint[] {
    return this.deferred;
  }

  /** `logHashAt(n)`: the log hash over the export's first n events, recomputed from their lines. */
  settleDeferred(logHashAt: ReadonlyMap<number, string>): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    for (const claim of this.deferred.splice(0)) {
      const recomputed = claim.eventsCovered === 0 ? GENESIS_HASH : logHashAt.get(claim.eventsCovered);
      if (recomputed !== claim.logHash) {
        this.failed = {
          code: 'checkpoint-mismatch',
          line: claim.line,
          eventId: claim.eventId,
          reason: `checkpoint ${claim.eventId} (line ${claim.line}) signed the log's first ${claim.eventsCovered} events, but the export's first ${claim.eventsCovered} events differ from them (removed, added, changed or reordered)`,
        };
        return this.failed;
      }
      this.checkpointsMatched += 1;
    }
    return undefined;
  }

  report(): VerificationReport {
    return {
      ...(this.header ? { scope: this.header.scope, createdAt: this.header.createdAt } : {}),
      ...(this.signer ? { signer: { keyId: this.signer.keyId, fingerprint: this.signer.fingerprint } } : {}),
      pinned: this.pins.length > 0,
      keysUsed: [...this.keysUsed].map(([keyId, fingerprint]) => ({ keyId, fingerprint })),
      events: this.count,
      streams: this.streams.size,
      checkpointsMatched: this.checkpointsMatched,
      checkpointsSignedOnly: this.checkpointsSignedOnly,
      checkpointsDeferred: this.deferred.length,
      sealed: this.ended === 'seal',
      ...(this.incomplete ? { incomplete: this.incomplete } : {}),
    };
  }

  private fail(problem: VerificationProblem): { problem: VerificationProblem } {
    this.failed = problem;
    return { problem };
  }

  private check(value: Record<string, unknown>, text: string, line: number, bytes: Bytes | undefined): Checked {
    if (this.ended) return { problem: this.afterEnd(line) };
    if (!this.header) return this.acceptHeader(value, line);
    switch (value.kind) {
      case 'event':
        return this.acceptEvent(value, text, line, bytes);
      case 'checkpoint':
        return this.acceptCheckpointLine(value, text, line, bytes);
      case 'mark':
        return { problem: this.acceptMark(value as unknown as ExportMark, line) };
      case 'seal':
        return { problem: this.acceptSeal(value as unknown as ExportSeal, line) };
      case 'error':
        return { problem: this.acceptError(value as unknown as ExportError, line) };
      default:
        return {
          problem: { code: 'unknown-line', line, reason: `line ${line} is neither an event, a mark nor the seal` },
        };
    }
  }

  private acceptHeader(value: Record<string, unknown>, line: number): Checked {
    const header = value as unknown as ExportHeader;
    const bad = (reason: string): Checked => ({
      problem: { code: 'bad-header', line, reason: `line ${line}: ${reason}` },
    });
    if (header.kind !== 'header') return bad('an export starts with its header');
    if (header.format !== EXPORT_FORMAT) {
      return bad(`the export is in format ${String(header.format)}; this verifier reads ${EXPORT_FORMAT}`);
    }
    const signing = header.signing;
    if (!signing || typeof signing.publicKeyPem !== 'string' || typeof signing.keyId !== 'string') {
      return bad('the header does not name its signing key');
    }
    if (typeof header.createdAt !== 'string' || !header.scope || typeof header.scope !== 'object') {
      return bad('the header lacks its scope or creation time');
    }
    try {
      for (const given of [
        ...(Array.isArray(signing.keyring) ? signing.keyring : []),
        { publicKeyPem: signing.publicKeyPem },
      ]) {
        const entry = keyringEntry(given.publicKeyPem, given as KeyringEntry);
        if (!this.embedded.has(entry.keyId)) this.embedded.set(entry.keyId, entry);
      }
    } catch {
      return bad('a key in the header is not an Ed25519 public key');
    }
    if (!this.embedded.has(signing.keyId)) {
      return bad('the header names a signing key id that is not the id of its key');
    }
    this.header = header;
    this.headerHash = headerHashOf(header);
    this.fold = new ExportFold(this.headerHash);
    const signer = this.keyFor(signing.keyId, header.createdAt, 'the export (its marks and seal)', line);
    if ('problem' in signer) return signer;
    this.signer = signer;
    return { record: { kind: 'header', header } };
  }

  /**
   * For readers that check event lines in parallel: an event line that `checkEventLine` has already
   * decoded and hash-checked, accepted in its turn. Every other line goes through `read`.
   */
  acceptChecked(checked: CheckedEvent, line: number): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    if (checked.type === CHECKPOINT_EVENT_TYPE) throw new Error('a checkpoint goes through read: it needs its data');
    if (this.ended) return this.fail(this.afterEnd(line)).problem;
    if (!this.header) {
      return this.fail({ code: 'bad-header', line, reason: `line ${line}: an export starts with its header` }).problem;
    }
    const event: ExportedEvent = {
      stream: checked.stream,
      revision: checked.revision,
      position: checked.position,
      id: checked.id,
      type: checked.type,
      data: {},
      metadata: { previousHash: checked.previousHash },
      hash: checked.hash,
    };
    const { problem } = this.acceptDecoded(event, checked.follows, line);
    if (problem) this.failed = problem;
    return problem;
  }

  private afterEnd(line: number): VerificationProblem {
    return {
      code: `line-after-${this.ended}`,
      line,
      reason: `line ${line} comes after the ${this.ended === 'seal' ? 'seal' : 'error record'}`,
    };
  }

  private acceptEvent(value: Record<string, unknown>, text: string, line: number, bytes: Bytes | undefined): Checked {
    const decoded = decodeEventLine(value, text, line, true, bytes);
    if ('problem' in decoded) return decoded;
    return this.acceptDecoded(decoded.event, decoded.follows, line);
  }

  private acceptDecoded(event: ExportedEvent, follows: EventRef | null, line: number): Checked {
    const previous = this.previous;
    if (
      follows === null
        ? previous !== null
        : previous === null || follows.stream !== previous.stream || follows.revision !== previous.revision
    ) {
      return { problem: this.sequenceBroken(event, follows, line) };
    }
    const head = this.streams.get(event.stream);
    const previousHash = event.metadata.previousHash;
    if (head) {
      if (event.revision !== head.lastRevision + 1 || previousHash !== head.lastHash) {
        return { problem: this.chainProblem(event, head, line) };
      }
      head.lastRevision = event.revision;
      head.lastHash = event.hash;
    } else {
      if (this.header!.scope.kind !== 'period' && (event.revision !== 0 || previousHash !== GENESIS_HASH)) {
        return {
          problem: {
            ...where(event, line),
            code: 'stream-not-from-start',
            reason: `${nameOf(event, line)}: is the first event of its stream in the export, but not its first event — earlier events are missing`,
          },
        };
      }
      this.streams.set(event.stream, { lastRevision: event.revision, lastHash: event.hash });
    }
    this.previous = { stream: event.stream, revision: event.revision };
    this.fold!.add(event.hash, event.position);
    this.count += 1;
    if (this.header!.scope.kind === 'log') {
      this.logHash = nextLogHash(this.logHash, event.hash);
      this.recent[this.count % this.window] = this.logHash;
    }
    if (event.type === CHECKPOINT_EVENT_TYPE) {
      const problem = this.acceptCheckpoint(event, line);
      if (problem) return { problem };
    }
    return { record: { kind: 'event', event } };
  }

  private sequenceBroken(event: ExportedEvent, follows: EventRef | null, line: number): VerificationProblem {
    return {
      ...where(event, line),
      code: 'sequence-broken',
      reason: `${nameOf(event, line)} was exported right after ${describeRef(follows)}, but here it follows ${describeRef(this.previous)}: ${follows ? `${describeRef(follows)} is missing before it, or events were moved` : 'events were added before it'}`,
    };
  }

  private chainProblem(event: ExportedEvent, head: { lastRevision: number }, line: number): VerificationProblem {
    if (event.revision !== head.lastRevision + 1) {
      return {
        ...where(event, line),
        code: 'revision-gap',
        reason: `${nameOf(event, line)}: follows revision ${head.lastRevision} of its stream — events are missing or out of order before it`,
      };
    }
    return {
      ...where(event, line),
      code: 'chain-broken',
      reason: `${nameOf(event, line)}: does not chain to the event before it in its stream`,
    };
  }

  private acceptCheckpoint(event: ExportedEvent, line: number): VerificationProblem | undefined {
    const where = { line, eventId: event.id, stream: event.stream, revision: event.revision };
    const checked = this.checkCheckpointSignature(event, line);
    if (checked) return checked;
    const body = event.data as unknown as Checkpoint;
    if (this.header!.scope.kind !== 'log') {
      this.checkpointsSignedOnly += 1;
      return undefined;
    }
    const covered = body.eventsCovered;
    if (covered >= this.count) {
      return {
        ...where,
        code: 'checkpoint-mismatch',
        reason: `checkpoint ${event.id} (line ${line}) signed ${covered} events, but only ${this.count - 1} come before it: events before it were removed`,
      };
    }
    if (this.count - covered >= this.window) {
      this.deferred.push({ eventsCovered: covered, logHash: body.logHash, eventId: event.id, line });
      return undefined;
    }
    const at = covered === 0 ? GENESIS_HASH : this.recent[covered % this.window];
    if (at !== body.logHash) {
      return {
        ...where,
        code: 'checkpoint-mismatch',
        reason: `checkpoint ${event.id} (line ${line}) signed ${covered} events up to ${body.lastEventId}, but the export's events ${this.lastMatchedAt + 1}–${covered} differ from them (removed, added, changed or reordered)`,
      };
    }
    this.checkpointsMatched += 1;
    this.lastMatchedAt = Math.max(this.lastMatchedAt, covered);
    return undefined;
  }

  private checkCheckpointSignature(event: ExportedEvent, line: number): VerificationProblem | undefined {
    const where = { line, eventId: event.id, stream: event.stream, revision: event.revision };
    const { signature, ...body } = event.data as unknown as Checkpoint;
    if (
      !Number.isInteger(body.eventsCovered) ||
      typeof body.logHash !== 'string' ||
      typeof body.keyId !== 'string' ||
      typeof signature !== 'string'
    ) {
      return {
        ...where,
        code: 'checkpoint-malformed',
        reason: `checkpoint ${event.id} (line ${line}) is not a signed checkpoint`,
      };
    }
    const recordedAt = String(event.metadata.recordedAt);
    const key = this.keyFor(
      body.keyId,
      recordedAt,
      `checkpoint ${event.id} (line ${line}, signed ${recordedAt})`,
      line,
    );
    if ('problem' in key) return { ...where, ...key.problem };
    if (!verifyPayload(key.pem, body, signature)) {
      return {
        ...where,
        code: 'checkpoint-signature-invalid',
        reason: `checkpoint ${event.id} (line ${line}): its signature does not verify under key ${key.keyId}`,
      };
    }
    return undefined;
  }

  private acceptMark(mark: ExportMark, line: number): VerificationProblem | undefined {
    const { signature, ...body } = mark;
    if (typeof signature !== 'string' || !verifyPayload(this.signer!.pem, body, signature)) {
      return {
        code: 'mark-signature-invalid',
        line,
        reason: `the mark on line ${line} does not verify: it was changed`,
      };
    }
    if (mark.headerHash !== this.headerHash) return headerChanged(line);
    if (mark.events !== this.count || mark.exportHash !== this.fold!.value()) {
      return {
        code: 'mark-mismatch',
        line,
        reason: `the exporter signed ${mark.events} events at line ${line}, but events ${this.lastMatchedAt + 1}–${this.count} before it are not the ones it signed: one was removed, added, changed, moved or its position edited`,
      };
    }
    this.lastMatchedAt = this.count;
    return undefined;
  }

  /** A subject export's newest checkpoint: content, signature and position checked, not recomputed. */
  private acceptCheckpointLine(
    value: Record<string, unknown>,
    text: string,
    line: number,
    bytes: Bytes | undefined,
  ): Checked {
    if (this.header!.scope.kind !== 'subject' || this.checkpointLineSeen) {
      return {
        problem: {
          code: 'unknown-line',
          line,
          reason: `line ${line}: a checkpoint line belongs only at the end of a person's export`,
        },
      };
    }
    const decoded = decodeEventLine(value, text, line, false, bytes);
    if ('problem' in decoded) return decoded;
    const { event } = decoded;
    if (event.type !== CHECKPOINT_EVENT_TYPE) {
      return {
        problem: {
          code: 'content-changed',
          line,
          eventId: event.id,
          reason: `the checkpoint on line ${line} was changed`,
        },
      };
    }
    const problem = this.checkCheckpointSignature(event, line);
    if (problem) return { problem };
    this.checkpointLineSeen = true;
    this.fold!.add(event.hash, event.position);
    this.checkpointsSignedOnly += 1;
    return {};
  }

  private acceptSeal(seal: ExportSeal, line: number): VerificationProblem | undefined {
    const problem = this.checkEnd(seal, 'seal', line);
    if (problem) return problem;
    if (seal.streams) {
      for (const [stream, head] of this.streams) {
        const sealed = seal.streams[stream];
        if (!sealed || sealed.lastRevision !== head.lastRevision || sealed.lastHash !== head.lastHash) {
          return {
            code: 'seal-mismatch',
            line,
            stream,
            reason: `stream ${stream} ends at revision ${head.lastRevision} in the export, not where the seal says (${sealed ? `revision ${sealed.lastRevision}` : 'not sealed at all'})`,
          };
        }
      }
      const missing = Object.keys(seal.streams).filter((s) => !this.streams.has(s));
      if (missing.length > 0) {
        return {
          code: 'seal-mismatch',
          line,
          stream: missing[0],
          reason: `the seal names stream ${missing[0]}, which the export does not hold: it was removed`,
        };
      }
    }
    this.ended = 'seal';
    return undefined;
  }

  private acceptError(record: ExportError, line: number): VerificationProblem | undefined {
    const problem = this.checkEnd(record, 'error record', line);
    if (problem) return problem;
    this.ended = 'error';
    this.incomplete = { code: String(record.code), message: String(record.message), events: this.count };
    return undefined;
  }

  /** What the seal and the error record both sign: the header, the count, the fold, the last event. */
  private checkEnd(end: ExportSeal | ExportError, what: string, line: number): VerificationProblem | undefined {
    const { signature, ...body } = end;
    if (typeof signature !== 'string' || !verifyPayload(this.signer!.pem, body, signature)) {
      return {
        code: `${end.kind}-signature-invalid`,
        line,
        reason: `the ${what} (line ${line}) does not verify: it was changed or made with another key`,
      };
    }
    if (end.keyId !== this.signer!.keyId)
      return { code: `${end.kind}-mismatch`, line, reason: `the ${what} names another key than the header` };
    if (end.headerHash !== this.headerHash) return headerChanged(line);
    const follows = end.follows ?? null;
    if (!sameRef(follows, this.previous)) {
      return {
        code: 'sequence-broken',
        line,
        ...(follows ? { stream: follows.stream, revision: follows.revision } : {}),
        reason: `the ledger's last exported event was ${describeRef(follows)}, but the export's is ${describeRef(this.previous)}: ${follows ? `${describeRef(follows)} is missing` : 'events were added'}`,
      };
    }
    if (end.events !== this.count) {
      return {
        code: `${end.kind === 'seal' ? 'seal' : 'error'}-mismatch`,
        line,
        reason: `the export holds ${this.count} events but the ${what} counts ${end.events}: events were ${this.count < end.events ? 'removed' : 'added'} after event ${this.lastMatchedAt}`,
      };
    }
    if (end.exportHash !== this.fold!.value()) {
      return {
        code: `${end.kind === 'seal' ? 'seal' : 'error'}-mismatch`,
        line,
        reason: `events ${this.lastMatchedAt + 1}–${this.count} (after the last point that matched a signature) are not the ones the ${what} covers: changed, moved or a position edited`,
      };
    }
    return undefined;
  }

  /**
   * The key that must have made a signature: with pins, a pinned key valid at `at`; without, the
   * export's own copy, valid at `at` by the export's keyring.
   */
  private keyFor(keyId: string, at: string, what: string, line: number): Resolved | { problem: VerificationProblem } {
    const problem = (code: string, reason: string) => ({ problem: { code, line, reason } });
    const embedded = this.embedded.get(keyId);
    if (this.pins.length > 0) {
      const pinned = this.pins.filter((p) => p.fingerprint.startsWith(keyId));
      if (pinned.length === 0) {
        return problem(
          'key-mismatch',
          `${what} is signed with key ${keyId}, which is not among the keys given to check it with (a rotated key? pass the ledger's keyring with --keyring)`,
        );
      }
      const valid = pinned.find((p) => validAt(p, at));
      if (!valid) {
        return problem(
          'key-not-valid-then',
          `${what} is signed with key ${keyId} at ${at}, outside its validity (${describePeriod(pinned[0])})`,
        );
      }
      const pem =
        valid.publicKeyPem ?? (embedded?.fingerprint === valid.fingerprint ? embedded.publicKeyPem : undefined);
      if (!pem) {
        return problem(
          'key-mismatch',
          `${what} is signed with key ${keyId}, but the export does not carry the key with the pinned fingerprint`,
        );
      }
      this.keysUsed.set(keyId, valid.fingerprint);
      return { pem, keyId, fingerprint: valid.fingerprint };
    }
    if (!embedded)
      return problem('key-unknown', `${what} is signed with key ${keyId}, which the export does not carry`);
    if (!validAt(embedded, at)) {
      return problem(
        'key-not-valid-then',
        `${what} is signed with key ${keyId} at ${at}, outside its validity (${describePeriod(embedded)})`,
      );
    }
    this.keysUsed.set(keyId, embedded.fingerprint);
    return { pem: embedded.publicKeyPem, keyId, fingerprint: embedded.fingerprint };
  }
}

export type ExportRecord =
  | { readonly kind: 'header'; readonly header: ExportHeader }
  | { readonly kind: 'event'; readonly event: ExportedEvent };

type Checked = { problem?: VerificationProblem; record?: ExportRecord };

/**
 * Reads an event line (`withFollows`) or a trailing checkpoint line: the event's hash is the SHA-256
 * of the bytes of its `event` member, as written (the ledger writes them in JCS form).
 * The parsed event is completed in place (position and hash) and handed on.
 */
function decodeEventLine(
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
 * Where the hashed event starts in an event line: after the first `,"event":`. The line must hold
 * exactly its four or five fields, and none but `event` can hold that text (a JSON string cannot
 * hold an unescaped quote, and `follows` is only a stream and a revision), so it is the event's key.
 */
function eventStart(value: Record<string, unknown>, text: string, withFollows: boolean): number {
  let fields = 0;
  for (const _ in value) fields += 1;
  if (fields !== (withFollows ? 5 : 4) || !text.startsWith('{"kind":')) return -1;
  const at = text.indexOf(',"event":');
  return at < 0 ? -1 : at + ',"event":'.length;
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

/** The log hash after each of `counts` events, from the event lines' recorded hashes alone. */
export class LogHashRecount {
  private logHash = GENESIS_HASH;
  private count = 0;
  readonly at = new Map<number, string>();

  constructor(private readonly counts: ReadonlySet<number>) {}

  accept(text: string): void {
    if (!text.startsWith(EVENT_HASH_PREFIX)) return;
    this.logHash = nextLogHash(this.logHash, text.slice(EVENT_HASH_PREFIX.length, EVENT_HASH_PREFIX.length + 64));
    this.count += 1;
    if (this.counts.has(this.count)) this.at.set(this.count, this.logHash);
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
    isObject(e.data) &&
    isObject(e.metadata) &&
    (e.metadata as Record<string, unknown>).hash === undefined
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isRef(value: unknown): value is EventRef {
  if (!isObject(value)) return false;
  return (
    Object.keys(value).length === 2 &&
    typeof value.stream === 'string' &&
    Number.isInteger(value.revision) &&
    (value.revision as number) >= 0
  );
}

function where(event: ExportedEvent, line: number) {
  return { line, eventId: event.id, stream: event.stream, revision: event.revision };
}

function nameOf(event: ExportedEvent, line: number): string {
  return `event ${event.id} (${event.stream} revision ${event.revision}, line ${line})`;
}

type Bytes = { readonly buffer: Buffer; readonly start: number; readonly end: number };

function sameRef(a: EventRef | null, b: EventRef | null): boolean {
  return a === null || b === null ? a === b : a.stream === b.stream && a.revision === b.revision;
}

function headerChanged(line: number): VerificationProblem {
  return {
    code: 'header-changed',
    line,
    reason: `the header is not the one signed (checked at line ${line}): its creation time, scope, catalogue version or keys were changed`,
  };
}

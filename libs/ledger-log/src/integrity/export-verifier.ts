import { isUtf8 } from 'node:buffer';
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
  MARK_EVERY,
} from './export-format';
import { isJsonObject } from '../canonical-json';
import { Bytes, CheckedEvent, decodeEventLine, ExportRecord, lineNotUtf8, VerificationProblem } from './export-lines';
import { GENESIS_HASH, nextLogHash } from './hash-chain';
import { knownScope, nameOf, occurredTime, outsideScope, timesChecked, where } from './event-rules';
import { PinnedKey, SignerKey, SignerKeys } from './signer-keys';
import { verifyPayload } from './signing';

export interface VerificationReport {
  readonly scope?: ExportScope;
  readonly createdAt?: string;
  /** The latest `recordedAt` of the events in the export ('' when it holds none). */
  readonly newestRecordedAt: string;
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
  /** A whole-log export's head: its event count and the log hash over them, for an auditor to keep. */
  readonly logHead?: LogHead;
  /** How many log heads the auditor held it to (`heads`) matched. */
  readonly headsMatched: number;
  /** Log heads past the events of an incomplete export: not checked, neither matched nor failed. */
  readonly headsNotReached?: readonly number[];
}

/** What an auditor kept from an earlier whole-log export or checkpoint: the log hash over its first `events` events. */
export interface LogHead {
  readonly events: number;
  readonly logHash: string;
}

/** A checkpoint to recompute after the pass: it covers `eventsCovered` events, more than RECENT back. */
export interface DeferredCheckpoint {
  readonly eventsCovered: number;
  readonly logHash: string;
  /** The id it signed as the last event it covers. */
  readonly lastEventId: string;
  readonly eventId: string;
  readonly line: number;
}

/** How far back a checkpoint is recomputed during the pass (a ring of the latest log hashes). */
const RECENT = 1 << 15;

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
  private signer?: SignerKey;
  private readonly keys: SignerKeys;
  /** One head per stream: all the memory that grows with the export. */
  private readonly streams = new Map<string, { lastRevision: number; lastHash: string; lastRecordedAt: number }>();
  private previous: EventRef | null = null;
  private fold?: ExportFold;
  private logHash = GENESIS_HASH;
  /** The log hash after each of the latest `window` events, by count modulo the window. */
  private readonly window: number;
  private readonly recent: string[];
  /** The id of each of the latest `window` events, beside their log hashes. */
  private readonly recentIds: string[];
  private count = 0;
  /** The ledger writes a mark right after every MARK_EVERY-th event, and nowhere else. */
  private markDue = false;
  private ended?: 'seal' | 'error';
  private incomplete?: VerificationReport['incomplete'];
  private checkpointLineSeen = false;
  private checkpointsMatched = 0;
  private checkpointsSignedOnly = 0;
  private readonly deferred: DeferredCheckpoint[] = [];
  private lastMatchedAt = 0;
  private failed?: VerificationProblem;
  /** Log heads the auditor kept from earlier exports, by event count: the log must run through them. */
  private readonly heads = new Map<number, string[]>();
  private headsMatched = 0;
  /** The latest `recordedAt` of the events so far: the export was made after it. */
  private newestRecordedAt = '';
  private newestRecorded = -Infinity;
  /** The previous event's command and times: a command's events share them. */
  private lastCommand?: { readonly commandId: unknown; readonly recorded: number; readonly occurred: number };

  /** The export must have been made at or after this instant (epoch ms): the auditor asked for it then. */
  private readonly madeAfter?: number;

  constructor(
    options: { pinned?: readonly PinnedKey[]; recent?: number; heads?: readonly LogHead[]; madeAfter?: string } = {},
  ) {
    this.keys = new SignerKeys(options.pinned);
    if (options.madeAfter !== undefined) this.madeAfter = Date.parse(options.madeAfter);
    // Two heads kept at one count may differ (the ledger showed two histories): each is held.
    for (const head of options.heads ?? []) {
      this.heads.set(head.events, [...(this.heads.get(head.events) ?? []), head.logHash.toLowerCase()]);
    }
    this.window = options.recent ?? RECENT;
    this.recent = new Array<string>(this.window);
    this.recentIds = new Array<string>(this.window);
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
    if (this.failed) return { problem: this.failed };
    if (!isUtf8(buffer.subarray(start, end))) return this.fail(lineNotUtf8(line));
    return this.readLine(buffer.toString('utf8', start, end), line, { buffer, start, end });
  }

  private readLine(text: string, line: number, bytes: Bytes | undefined): Checked {
    if (this.failed) return { problem: this.failed };
    if (text.length === 0) return {};
    try {
      return this.readLineText(text, line, bytes);
    } catch (error) {
      // Values nested thousands deep overflow the stack of JSON.stringify or the canonical encoding;
      // the ledger writes nothing so deep, so the line is not as it wrote it.
      if (error instanceof RangeError) {
        return this.fail({
          code: 'not-as-written',
          line,
          reason: `line ${line} nests values deeper than the ledger ever writes: the export was altered here`,
        });
      }
      // Whatever else a line the ledger did not write trips over, it is that line's failure, not the tool's.
      return this.fail({
        code: 'line-unreadable',
        line,
        reason: `line ${line} holds values no export line holds (${error instanceof Error ? error.message : 'unreadable'}): the export was altered here`,
      });
    }
  }

  private readLineText(text: string, line: number, bytes: Bytes | undefined): Checked {
    if (text.trim() === '') {
      // Only an empty line is nothing (a blank line, a final newline); spaces or other blanks are bytes
      // the ledger never writes.
      return this.fail({
        code: 'unknown-line',
        line,
        reason: `line ${line} holds only blank characters, which the ledger never writes: the export was altered here`,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const bom = text.charCodeAt(0) === 0xfeff;
      return this.fail({
        code: 'not-json',
        line,
        reason: bom
          ? `line ${line} starts with a byte-order mark: the file was saved again by an editor; verify the export as the ledger sent it`
          : `line ${line} is not valid JSON: the export was altered here`,
      });
    }
    if (!isJsonObject(value)) {
      return this.fail({ code: 'unknown-line', line, reason: `line ${line} is not an export record` });
    }
    const kind = value.kind;
    // The header, marks, seal and error record are written with JSON.stringify; read only in that form,
    // no member can appear twice (JSON readers differ on which counts) or be spelled otherwise.
    // (Event lines are held to their form by decodeEventLine.)
    if (kind !== 'event' && kind !== 'checkpoint' && JSON.stringify(value) !== text) {
      return this.fail({
        code: 'not-as-written',
        line,
        reason: `line ${line} is not written as the ledger writes it (a member twice, spaces, escapes or another number form): the export was altered here`,
      });
    }
    const result = this.check(value, text, line, bytes);
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
    } else if (this.ended === 'seal') {
      const beyond = [...this.heads.keys()].filter((events) => events > this.count);
      if (beyond.length > 0) {
        this.failed = {
          code: 'head-mismatch',
          line: lastLine,
          reason: `an earlier export showed the log with ${Math.max(...beyond)} events, but this whole-log export holds ${this.count}: the history was cut since`,
        };
      }
    }
    return this.failed;
  }

  /** Whole-log checkpoints left to recompute by reading the export again (`settleDeferred`). */
  deferredCheckpoints(): readonly DeferredCheckpoint[] {
    return this.deferred;
  }

  /**
   * `logHashAt(n)`: the log hash over the export's first n events, recomputed from their lines;
   * `eventIdAt(n)`: the id of its n-th event.
   */
  settleDeferred(
    logHashAt: ReadonlyMap<number, string>,
    eventIdAt: ReadonlyMap<number, string>,
  ): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    for (const claim of this.deferred.splice(0)) {
      const recomputed = claim.eventsCovered === 0 ? GENESIS_HASH : logHashAt.get(claim.eventsCovered);
      const lastId = eventIdAt.get(claim.eventsCovered);
      if (recomputed === claim.logHash && claim.eventsCovered > 0 && lastId !== claim.lastEventId) {
        this.failed = lastEventDiffers(claim, lastId, claim.line);
        return this.failed;
      }
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
      pinned: this.keys.pinned,
      newestRecordedAt: this.newestRecordedAt,
      keysUsed: this.keys.keysUsed(),
      events: this.count,
      streams: this.streams.size,
      checkpointsMatched: this.checkpointsMatched,
      checkpointsSignedOnly: this.checkpointsSignedOnly,
      checkpointsDeferred: this.deferred.length,
      sealed: this.ended === 'seal',
      ...(this.incomplete ? { incomplete: this.incomplete } : {}),
      ...(this.header?.scope.kind === 'log' ? { logHead: { events: this.count, logHash: this.logHash } } : {}),
      headsMatched: this.headsMatched,
      ...(this.ended === 'error' ? { headsNotReached: [...this.heads.keys()].filter((n) => n > this.count) } : {}),
    };
  }

  private fail(problem: VerificationProblem): { problem: VerificationProblem } {
    this.failed = problem;
    return { problem };
  }

  private check(value: Record<string, unknown>, text: string, line: number, bytes: Bytes | undefined): Checked {
    if (this.ended) return { problem: this.afterEnd(line) };
    if (!this.header) return this.acceptHeader(value, line);
    if (value.kind !== 'mark' && this.markDue) return { problem: this.markMissing(line) };
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
      const format = typeof header.format === 'string' ? header.format : 'none';
      return bad(`the export is in format ${format}; this verifier reads ${EXPORT_FORMAT}`);
    }
    const signing = header.signing;
    if (!signing || typeof signing.publicKeyPem !== 'string' || typeof signing.keyId !== 'string') {
      return bad('the header does not name its signing key');
    }
    if (typeof header.createdAt !== 'string' || !Number.isFinite(Date.parse(header.createdAt))) {
      return bad('the header lacks its creation time');
    }
    if (!knownScope(header.scope)) {
      return bad('the header’s scope is none the ledger exports (the whole log, a person, a period)');
    }
    try {
      this.keys.carry([
        ...(Array.isArray(signing.keyring) ? signing.keyring : []),
        { publicKeyPem: signing.publicKeyPem },
      ]);
    } catch {
      return bad('a key in the header is not an Ed25519 public key');
    }
    if (!this.keys.carries(signing.keyId)) {
      return bad('the header names a signing key id that is not the id of its key');
    }
    if (this.heads.size > 0 && header.scope.kind !== 'log') {
      return {
        problem: {
          code: 'head-not-checkable',
          line,
          reason: `a log head can be checked only against a whole-log export; this one is a ${header.scope.kind} export`,
        },
      };
    }
    // The creation time is signed with everything else, so a genuine older export cannot be re-dated.
    if (this.madeAfter !== undefined && Date.parse(header.createdAt) < this.madeAfter) {
      return {
        problem: {
          code: 'export-too-old',
          line,
          reason: `the export was made at ${header.createdAt}, before ${new Date(this.madeAfter).toISOString()} (--made-after): it is an older export, not the one asked for then, and holds nothing the ledger recorded since`,
        },
      };
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
    if (this.markDue) return this.fail(this.markMissing(line)).problem;
    const event: ExportedEvent = {
      stream: checked.stream,
      revision: checked.revision,
      position: checked.position,
      id: checked.id,
      type: checked.type,
      data: {},
      metadata: {
        previousHash: checked.previousHash,
        recordedAt: checked.recordedAt,
        occurredAt: checked.occurredAt,
        commandId: checked.commandId,
        ...(checked.imported ? { imported: true } : {}),
      },
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
    } else if (this.header!.scope.kind !== 'period' && (event.revision !== 0 || previousHash !== GENESIS_HASH)) {
      return {
        problem: {
          ...where(event, line),
          code: 'stream-not-from-start',
          reason: `${nameOf(event, line)}: is the first event of its stream in the export, but not its first event — earlier events are missing`,
        },
      };
    }
    const commandId = event.metadata.commandId;
    const sameCommand =
      typeof commandId === 'string' && commandId !== '' && this.lastCommand?.commandId === commandId
        ? this.lastCommand
        : undefined;
    const recorded = timesChecked(
      event,
      line,
      head?.lastRecordedAt,
      this.newestRecorded,
      this.newestRecordedAt,
      sameCommand,
    );
    if (typeof recorded !== 'number') return { problem: recorded };
    this.lastCommand = { commandId, recorded, occurred: occurredTime(String(event.metadata.occurredAt)) };
    const outside = outsideScope(this.header!.scope, event, recorded, line);
    if (outside) return { problem: outside };
    if (head) {
      head.lastRevision = event.revision;
      head.lastHash = event.hash;
      head.lastRecordedAt = recorded;
    } else {
      this.streams.set(event.stream, { lastRevision: event.revision, lastHash: event.hash, lastRecordedAt: recorded });
    }
    this.previous = { stream: event.stream, revision: event.revision };
    if (recorded > this.newestRecorded) {
      this.newestRecorded = recorded;
      this.newestRecordedAt = String(event.metadata.recordedAt);
    }
    this.fold!.add(event.hash, event.position);
    this.count += 1;
    this.markDue = this.count % MARK_EVERY === 0;
    if (this.header!.scope.kind === 'log') {
      this.logHash = nextLogHash(this.logHash, event.hash);
      this.recent[this.count % this.window] = this.logHash;
      this.recentIds[this.count % this.window] = event.id;
      for (const held of this.heads.get(this.count) ?? []) {
        if (held !== this.logHash) {
          return {
            problem: {
              ...where(event, line),
              code: 'head-mismatch',
              reason: `an earlier export showed the log's first ${this.count} events with log hash ${held}, but this export's first ${this.count} events (up to line ${line}) give ${this.logHash}: the history before them was rewritten since`,
            },
          };
        }
        this.headsMatched += 1;
      }
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
      this.deferred.push({
        eventsCovered: covered,
        logHash: body.logHash,
        lastEventId: body.lastEventId,
        eventId: event.id,
        line,
      });
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
    const lastId = this.recentIds[covered % this.window];
    if (covered > 0 && lastId !== body.lastEventId) {
      return { ...where, ...lastEventDiffers({ ...body, eventId: event.id }, lastId, line) };
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
      typeof body.lastEventId !== 'string' ||
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

  private markMissing(line: number): VerificationProblem {
    return {
      code: 'mark-missing',
      line,
      reason: `line ${line}: the ledger writes a signed mark right after event ${this.count}, and it is not there: it was removed`,
    };
  }

  private acceptMark(mark: ExportMark, line: number): VerificationProblem | undefined {
    if (!this.markDue) {
      return {
        code: 'mark-unexpected',
        line,
        reason: `line ${line} is a mark where the ledger writes none (only right after every ${MARK_EVERY}th event): it was added or moved`,
      };
    }
    this.markDue = false;
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
    // It was recorded before the export was made, as its events were: the export's key is held to its time too.
    const recorded = Date.parse(String(event.metadata.recordedAt));
    if (recorded > this.newestRecorded) {
      this.newestRecorded = recorded;
      this.newestRecordedAt = String(event.metadata.recordedAt);
    }
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
    // An export is made after its events were recorded: its key must have been valid then too, or a
    // retired key could sign today's log under an earlier date (the header's createdAt is the signer's word).
    const created = Date.parse(this.header!.createdAt);
    if (this.newestRecorded > created) {
      const key = this.keys.resolve(
        this.signer!.keyId,
        this.newestRecordedAt,
        `the export (dated ${this.header!.createdAt}, but it holds events recorded up to ${this.newestRecordedAt})`,
      );
      if (!('pem' in key)) return { code: key.code, line, reason: key.reason };
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

  /** The key a signature must verify under, or the problem with it (see SignerKeys). */
  private keyFor(keyId: string, at: string, what: string, line: number): SignerKey | { problem: VerificationProblem } {
    const key = this.keys.resolve(keyId, at, what);
    return 'pem' in key ? key : { problem: { code: key.code, line, reason: key.reason } };
  }
}

type Checked = { problem?: VerificationProblem; record?: ExportRecord };

function sameRef(a: EventRef | null, b: EventRef | null): boolean {
  return a === null || b === null ? a === b : a.stream === b.stream && a.revision === b.revision;
}

/** A checkpoint whose log hash holds but that names another event as the last it covers: it signed a contradiction. */
function lastEventDiffers(
  claim: { eventsCovered: number; lastEventId: string; eventId: string },
  actual: string | undefined,
  line: number,
): VerificationProblem {
  return {
    code: 'checkpoint-mismatch',
    line,
    eventId: claim.eventId,
    reason: `checkpoint ${claim.eventId} (line ${line}) signed event ${claim.eventsCovered} of the log as ${claim.lastEventId}, but the export's event ${claim.eventsCovered} is ${actual ?? 'not there'}, though the log hash matches: the checkpoint contradicts itself, and the ledger's own start-up check refuses it`,
  };
}

function headerChanged(line: number): VerificationProblem {
  return {
    code: 'header-changed',
    line,
    reason: `the header is not the one signed (checked at line ${line}): its creation time, scope, catalogue version or keys were changed`,
  };
}

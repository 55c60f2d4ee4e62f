import { canonicalJson } from '../canonical-json';
import { eventHash, GENESIS_HASH, nextLogHash } from './hash-chain';
import { verifyPayload } from './signing';

/**
 * An export is NDJSON: a header line, one line per event in the log's global order, and a signed
 * seal line. The seal is what makes a cut-off tail detectable: without it, or with a count or
 * hash that does not match the lines before it, the export fails verification.
 */
export const EXPORT_FORMAT = 'consent-ledger-export/1';
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
  readonly signing: { readonly algorithm: 'Ed25519'; readonly keyId: string; readonly publicKeyPem: string };
}

export interface ExportedEvent {
  readonly kind: 'event';
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

export interface StreamHead {
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly lastHash: string;
}

/**
 * Every MARK_EVERY events the exporter signs how far it has got, so a verifier can say within
 * which thousand events an event was removed, added or reordered, not just that one was.
 */
export const MARK_EVERY = 1000;

export interface ExportMarkBody {
  readonly kind: 'mark';
  readonly events: number;
  readonly exportHash: string;
}

export interface ExportMark extends ExportMarkBody {
  readonly signature: string;
}

export interface ExportSealBody {
  readonly kind: 'seal';
  readonly format: typeof EXPORT_FORMAT;
  readonly scope: ExportScope;
  readonly createdAt: string;
  /** Events in the export. */
  readonly events: number;
  /** The log-hash fold over the exported events, in order; for a whole-log export, the log hash. */
  readonly exportHash: string;
  /** Subject exports only: where each exported stream ends. */
  readonly streams?: Readonly<Record<string, StreamHead>>;
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
}

export interface ExportSeal extends ExportSealBody {
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
  readonly keyId?: string;
  /** Whether the key checked against was given by the auditor or taken from the export itself. */
  readonly keySource: 'given' | 'embedded';
  readonly events: number;
  readonly streams: number;
  readonly checkpointsMatched: number;
  /** Checkpoints whose signature is valid but whose log hash a partial export cannot recompute. */
  readonly checkpointsSignedOnly: number;
  readonly sealed: boolean;
}

const WINDOW = 200_000;

/**
 * Checks an export line by line, in memory that grows with the number of streams, not events.
 * `accept` returns the first problem found (and the verifier then stops accepting).
 */
export class ExportVerifier {
  private header?: ExportHeader;
  private publicKeyPem?: string;
  private keySource: 'given' | 'embedded' = 'embedded';
  private readonly streams = new Map<string, StreamHead>();
  private exportHash = GENESIS_HASH;
  private count = 0;
  private sealed = false;
  private checkpointsMatched = 0;
  private checkpointsSignedOnly = 0;
  /** Recent events' place in the log hash, for checkpoints that cover up to them. */
  private readonly recent = new Map<string, { count: number; logHash: string }>();
  private lastMatchedAt = 0;
  private failed?: VerificationProblem;

  constructor(private readonly options: { trustedPublicKeyPem?: string } = {}) {}

  accept(text: string, line: number): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    if (text.trim() === '') return undefined;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text);
    } catch {
      return this.fail({
        code: 'not-json',
        line,
        reason: `line ${line} is not valid JSON: the export was altered here`,
      });
    }
    return this.acceptValue(value, line);
  }

  /** As `accept`, for a line the caller has already parsed. */
  acceptValue(value: Record<string, unknown>, line: number): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    const problem = this.check(value, line);
    if (problem) this.failed = problem;
    return problem;
  }

  private fail(problem: VerificationProblem): VerificationProblem {
    this.failed = problem;
    return problem;
  }

  /** Call after the last line: an export must end with its seal. */
  finish(lastLine: number): VerificationProblem | undefined {
    if (this.failed) return this.failed;
    if (!this.header) this.failed = { code: 'empty-export', line: lastLine, reason: 'the export has no header line' };
    else if (!this.sealed) {
      this.failed = {
        code: 'seal-missing',
        line: lastLine,
        reason: `the export ends after ${this.count} events without its signed seal: it was cut short after line ${lastLine}`,
      };
    }
    return this.failed;
  }

  report(): VerificationReport {
    return {
      ...(this.header ? { scope: this.header.scope, keyId: this.header.signing.keyId } : {}),
      keySource: this.keySource,
      events: this.count,
      streams: this.streams.size,
      checkpointsMatched: this.checkpointsMatched,
      checkpointsSignedOnly: this.checkpointsSignedOnly,
      sealed: this.sealed,
    };
  }

  private check(value: Record<string, unknown>, line: number): VerificationProblem | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { code: 'unknown-line', line, reason: `line ${line} is not an export record` };
    }
    if (this.sealed) return { code: 'line-after-seal', line, reason: `line ${line} comes after the seal` };
    if (!this.header) return this.acceptHeader(value, line);
    if (value.kind === 'event') return this.acceptEvent(value as unknown as ExportedEvent, line);
    if (value.kind === 'checkpoint') return this.acceptCheckpointLine(value as unknown as ExportedEvent, line);
    if (value.kind === 'mark') return this.acceptMark(value as unknown as ExportMark, line);
    if (value.kind === 'seal') return this.acceptSeal(value as unknown as ExportSeal, line);
    return { code: 'unknown-line', line, reason: `line ${line} is neither an event nor the seal` };
  }

  private acceptHeader(value: Record<string, unknown>, line: number): VerificationProblem | undefined {
    const header = value as unknown as ExportHeader;
    if (header.kind !== 'header' || header.format !== EXPORT_FORMAT || !header.signing?.publicKeyPem) {
      return { code: 'bad-header', line, reason: `line ${line} is not a ${EXPORT_FORMAT} header` };
    }
    this.header = header;
    if (this.options.trustedPublicKeyPem) {
      this.keySource = 'given';
      this.publicKeyPem = this.options.trustedPublicKeyPem;
      if (normalisePem(header.signing.publicKeyPem) !== normalisePem(this.options.trustedPublicKeyPem)) {
        return {
          code: 'key-mismatch',
          line,
          reason: 'the export names a signing key other than the one given to check it with',
        };
      }
    } else {
      this.publicKeyPem = header.signing.publicKeyPem;
    }
    return undefined;
  }

  private acceptEvent(event: ExportedEvent, line: number): VerificationProblem | undefined {
    const where = { line, eventId: event.id, stream: event.stream, revision: event.revision };
    const name = `event ${event.id} (${event.stream} revision ${event.revision}, line ${line})`;
    const recorded = event.metadata?.hash;
    const computed = eventHash(event);
    if (recorded !== computed) {
      return {
        ...where,
        code: 'content-changed',
        reason: `${name}: its content does not match its recorded hash — it was changed`,
      };
    }
    const head = this.streams.get(event.stream);
    if (head) {
      if (event.revision !== head.lastRevision + 1) {
        return {
          ...where,
          code: 'revision-gap',
          reason: `${name}: follows revision ${head.lastRevision} of its stream — events are missing or out of order before it`,
        };
      }
      if (event.metadata.previousHash !== head.lastHash) {
        return {
          ...where,
          code: 'chain-broken',
          reason: `${name}: does not chain to the event before it in its stream`,
        };
      }
    } else if (this.header!.scope.kind !== 'period') {
      if (event.revision !== 0 || event.metadata.previousHash !== GENESIS_HASH) {
        return {
          ...where,
          code: 'stream-not-from-start',
          reason: `${name}: is the first event of its stream in the export, but not its first event — earlier events are missing`,
        };
      }
    }
    this.streams.set(event.stream, {
      firstRevision: head?.firstRevision ?? event.revision,
      lastRevision: event.revision,
      lastHash: computed,
    });
    this.exportHash = nextLogHash(this.exportHash, computed);
    this.count += 1;
    if (this.header!.scope.kind === 'log') this.remember(event.id);
    if (event.type === CHECKPOINT_EVENT_TYPE) return this.acceptCheckpoint(event, line);
    return undefined;
  }

  private acceptCheckpoint(event: ExportedEvent, line: number): VerificationProblem | undefined {
    const { signature, ...body } = event.data as unknown as Checkpoint;
    const where = { line, eventId: event.id, stream: event.stream, revision: event.revision };
    if (!verifyPayload(this.publicKeyPem!, body, signature)) {
      return {
        ...where,
        code: 'checkpoint-signature-invalid',
        reason: `checkpoint ${event.id} (line ${line}): its signature does not verify`,
      };
    }
    if (this.header!.scope.kind !== 'log') {
      this.checkpointsSignedOnly += 1;
      return undefined;
    }
    const at = this.recent.get(body.lastEventId);
    if (!at) {
      return {
        ...where,
        code: 'checkpoint-mismatch',
        reason: `checkpoint ${event.id} (line ${line}) covers up to event ${body.lastEventId}, which is not among the events before it`,
      };
    }
    if (at.count !== body.eventsCovered || at.logHash !== body.logHash) {
      return {
        ...where,
        code: 'checkpoint-mismatch',
        reason: `checkpoint ${event.id} (line ${line}) signed ${body.eventsCovered} events up to ${body.lastEventId}, but the export's events ${this.lastMatchedAt + 1}–${at.count} differ from them (removed, added, changed or reordered)`,
      };
    }
    this.checkpointsMatched += 1;
    this.lastMatchedAt = at.count;
    return undefined;
  }

  private acceptMark(mark: ExportMark, line: number): VerificationProblem | undefined {
    const { signature, ...body } = mark;
    if (!verifyPayload(this.publicKeyPem!, body, signature)) {
      return {
        code: 'mark-signature-invalid',
        line,
        reason: `the mark on line ${line} does not verify: it was changed`,
      };
    }
    if (mark.events !== this.count || mark.exportHash !== this.exportHash) {
      return {
        code: 'mark-mismatch',
        line,
        reason: `the exporter signed ${mark.events} events at line ${line}, but events ${this.lastMatchedAt + 1}–${this.count} before it are not the ones it signed: one was removed, added, changed or reordered among them`,
      };
    }
    this.lastMatchedAt = this.count;
    return undefined;
  }

  /** The newest checkpoint, carried by a partial export: checked for content and signature only. */
  private acceptCheckpointLine(event: ExportedEvent, line: number): VerificationProblem | undefined {
    if (event.type !== CHECKPOINT_EVENT_TYPE || event.metadata?.hash !== eventHash(event)) {
      return { code: 'content-changed', line, eventId: event.id, reason: `the checkpoint on line ${line} was changed` };
    }
    const { signature, ...body } = event.data as unknown as Checkpoint;
    if (!verifyPayload(this.publicKeyPem!, body, signature)) {
      return {
        code: 'checkpoint-signature-invalid',
        line,
        eventId: event.id,
        reason: `checkpoint ${event.id} (line ${line}): its signature does not verify`,
      };
    }
    this.checkpointsSignedOnly += 1;
    return undefined;
  }

  private acceptSeal(seal: ExportSeal, line: number): VerificationProblem | undefined {
    const { signature, ...body } = seal;
    if (!verifyPayload(this.publicKeyPem!, body, signature)) {
      return {
        code: 'seal-signature-invalid',
        line,
        reason: `the seal (line ${line}) does not verify: it was changed or made with another key`,
      };
    }
    if (canonicalJson(seal.scope) !== canonicalJson(this.header!.scope)) {
      return { code: 'seal-mismatch', line, reason: 'the seal was made for another export scope' };
    }
    if (seal.events !== this.count) {
      return {
        code: 'seal-mismatch',
        line,
        reason: `the export holds ${this.count} events but was sealed with ${seal.events}: events were ${this.count < seal.events ? 'removed' : 'added'} after line ${this.lastMatchedAt + 1}`,
      };
    }
    if (seal.exportHash !== this.exportHash) {
      return {
        code: 'seal-mismatch',
        line,
        reason: `the events after event ${this.lastMatchedAt} (the last point that matched a signed checkpoint) are not the ones sealed: changed or reordered`,
      };
    }
    if (seal.streams) {
      for (const [stream, head] of this.streams) {
        const sealed = seal.streams[stream];
        if (!sealed || sealed.lastRevision !== head.lastRevision || sealed.lastHash !== head.lastHash) {
          return {
            code: 'seal-mismatch',
            line,
            stream,
            reason: `stream ${stream} does not end where the seal says it does`,
          };
        }
      }
      if (Object.keys(seal.streams).length !== this.streams.size) {
        return {
          code: 'seal-mismatch',
          line,
          reason: 'the seal names streams the export does not hold: they were removed',
        };
      }
    }
    this.sealed = true;
    return undefined;
  }

  private remember(eventId: string): void {
    this.recent.set(eventId, { count: this.count, logHash: this.exportHash });
    if (this.recent.size > WINDOW) this.recent.delete(this.recent.keys().next().value as string);
  }
}

function normalisePem(pem: string): string {
  return pem.replace(/\s+/g, '');
}

import { EventStore, StoredEvent } from '@ledger/event-store';
import {
  CHECKPOINT_STREAM,
  eventHash,
  EXPORT_FORMAT,
  ExportedEvent,
  ExportHeader,
  ExportScope,
  ExportSealBody,
  ExportMarkBody,
  GENESIS_HASH,
  MARK_EVERY,
  metadataOf,
  nextLogHash,
  policyStream,
  signPayload,
  SigningKey,
  StreamHead,
  subjectStream,
} from '@ledger/ledger-log';
import { accessStream } from '../access-log/access-log';

const PAGE = 500;

export interface ExportSource {
  readonly store: EventStore;
  readonly signingKey: SigningKey;
  readonly catalogueVersion: string;
  readonly createdAt: string;
  /** Policies a subject export must carry so that it can be replayed on its own. */
  readonly policyIds: readonly string[];
}

/**
 * An export as NDJSON lines: header, events in global order, signed seal. It reads the log a page
 * at a time, so memory stays flat whatever the log's size (a subject export holds one person's
 * events and the policies, which are small).
 */
export async function* exportLines(source: ExportSource, scope: ExportScope): AsyncGenerator<string> {
  const header: ExportHeader = {
    kind: 'header',
    format: EXPORT_FORMAT,
    scope,
    createdAt: source.createdAt,
    catalogueVersion: source.catalogueVersion,
    signing: { algorithm: 'Ed25519', keyId: source.signingKey.keyId, publicKeyPem: source.signingKey.publicKeyPem },
  };
  yield JSON.stringify(header) + '\n';

  let count = 0;
  let exportHash = GENESIS_HASH;
  const heads: Record<string, StreamHead> = {};
  const events = scope.kind === 'subject' ? subjectEvents(source, scope.subjectId) : logEvents(source.store, scope);
  for await (const event of events) {
    const hash = eventHash(event);
    exportHash = nextLogHash(exportHash, hash);
    count += 1;
    if (scope.kind === 'subject') {
      heads[event.stream] = {
        firstRevision: heads[event.stream]?.firstRevision ?? event.revision,
        lastRevision: event.revision,
        lastHash: hash,
      };
    }
    yield JSON.stringify(toLine(event)) + '\n';
    if (count % MARK_EVERY === 0) {
      const mark: ExportMarkBody = { kind: 'mark', events: count, exportHash };
      yield JSON.stringify({ ...mark, signature: signPayload(source.signingKey, mark) }) + '\n';
    }
  }

  // A subject export cannot carry the whole checkpoint stream; it carries the newest checkpoint, which
  // covers the whole log, for the auditor to check its signature and hold the ledger to it.
  if (scope.kind === 'subject') {
    const checkpoints = await source.store.readStream(CHECKPOINT_STREAM);
    const newest = checkpoints[checkpoints.length - 1];
    if (newest) yield JSON.stringify({ ...toLine(newest), kind: 'checkpoint' }) + '\n';
  }

  const seal: ExportSealBody = {
    kind: 'seal',
    format: EXPORT_FORMAT,
    scope,
    createdAt: source.createdAt,
    events: count,
    exportHash,
    ...(scope.kind === 'subject' ? { streams: heads } : {}),
    keyId: source.signingKey.keyId,
    algorithm: 'Ed25519',
  };
  yield JSON.stringify({ ...seal, signature: signPayload(source.signingKey, seal) }) + '\n';
}

function toLine(event: StoredEvent): ExportedEvent {
  return {
    kind: 'event',
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

/** The whole log, or the events recorded in [from, to), in global order. */
async function* logEvents(store: EventStore, scope: ExportScope): AsyncGenerator<StoredEvent> {
  let after: StoredEvent['position'] | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (scope.kind === 'period') {
        const recordedAt = metadataOf(event).recordedAt;
        if (recordedAt < scope.from || recordedAt >= scope.to) continue;
      }
      yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/** One person's stream with every policy stream, merged into global order. */
async function* subjectEvents(source: ExportSource, subjectId: string): AsyncGenerator<StoredEvent> {
  // The person's record, the policies it refers to, and who looked at it.
  const streams = [subjectStream(subjectId), accessStream(subjectId), ...source.policyIds.map(policyStream)];
  const events: StoredEvent[] = [];
  for (const stream of streams) {
    for (let from = 0; ; from += PAGE) {
      const page = await source.store.readStream(stream, { fromRevision: from, maxCount: PAGE });
      events.push(...page);
      if (page.length < PAGE) break;
    }
  }
  events.sort((a, b) => source.store.comparePositions(a.position, b.position));
  yield* events;
}

import {
  EventStore,
  Position,
  readStreamTail,
  StoredEvent,
  StoredText,
  StoreUnavailableError,
} from '@ledger/event-store';
import {
  CHECKPOINT_STREAM,
  EventRef,
  eventLine,
  EXPORT_FORMAT,
  ExportErrorBody,
  ExportHeader,
  ExportMarkBody,
  ExportScope,
  ExportSealBody,
  headerHashOf,
  KeyringEntry,
  keyringEntry,
  MARK_EVERY,
  metadataOf,
  ExportFold,
  policyStream,
  signPayload,
  SigningKey,
  storedEventLine,
  StreamHead,
  subjectStream,
} from '@ledger/ledger-log';
import { accessStream } from '../access-log/access-log';

const PAGE = 500;

export interface ExportSource {
  readonly store: EventStore;
  readonly signingKey: SigningKey;
  /** The ledger's keys over time (the current one included); default: the current key alone. */
  readonly keyring?: readonly KeyringEntry[];
  readonly catalogueVersion: string;
  readonly createdAt: string;
  /** Policies a subject export must carry so that it can be replayed on its own. */
  readonly policyIds: readonly string[];
  /** Told when the export stops early; the client still gets a signed error record. */
  readonly onError?: (error: unknown) => void;
}

/**
 * An export as NDJSON (docs/integrity.md): header, events in global order with a signed mark every
 * MARK_EVERY events, and a signed seal. It reads the log a page at a time and yields a page of lines
 * at a time, so memory stays flat whatever the log's size (a subject export holds one person's events
 * and the policies, which are small). If the store fails part way (a damaged file), the export ends
 * with a signed error record instead of the seal, so the client knows it is incomplete.
 */
export async function* exportLines(source: ExportSource, scope: ExportScope): AsyncGenerator<string> {
  const key = source.signingKey;
  const header: ExportHeader = {
    kind: 'header',
    format: EXPORT_FORMAT,
    scope,
    createdAt: source.createdAt,
    catalogueVersion: source.catalogueVersion,
    signing: {
      algorithm: 'Ed25519',
      keyId: key.keyId,
      publicKeyPem: key.publicKeyPem,
      keyring: source.keyring ?? [keyringEntry(key.publicKeyPem)],
    },
  };
  const headerHash = headerHashOf(header);
  // The log as it stands now, before the first line goes: writes made while it is read are not in it.
  let head: { position: Position | undefined } | undefined;
  let headFailure: unknown;
  try {
    head = { position: await source.store.headPosition() };
  } catch (error) {
    headFailure = error;
  }
  yield JSON.stringify(header) + '\n';

  let count = 0;
  const fold = new ExportFold(headerHash);
  let previous: EventRef | null = null;
  const heads: Record<string, StreamHead> = {};
  let failure: { code: string; message: string } | undefined;
  try {
    if (headFailure) throw headFailure;
    const pages =
      scope.kind === 'subject'
        ? subjectPages(source, scope.subjectId, head!.position)
        : logPages(source.store, scope, head!.position);
    for await (const page of pages) {
      const chunk: string[] = [];
      let unreadable: unknown;
      for (const event of page) {
        let written: { line: string; hash: string };
        try {
          written = lineOf(event, previous);
        } catch (error) {
          // The lines before it are counted in the fold the error record signs: they must go out too.
          unreadable = error;
          break;
        }
        const { line, hash } = written;
        fold.add(hash, event.position);
        count += 1;
        previous = { stream: event.stream, revision: event.revision };
        if (scope.kind === 'subject') {
          heads[event.stream] = {
            firstRevision: heads[event.stream]?.firstRevision ?? event.revision,
            lastRevision: event.revision,
            lastHash: hash,
          };
        }
        chunk.push(line);
        if (count % MARK_EVERY === 0) {
          const mark: ExportMarkBody = { kind: 'mark', headerHash, events: count, exportHash: fold.value() };
          chunk.push(JSON.stringify({ ...mark, signature: signPayload(key, mark) }));
        }
      }
      if (chunk.length > 0) yield chunk.join('\n') + '\n';
      if (unreadable !== undefined) throw unreadable;
    }
    // A subject export cannot carry the whole checkpoint stream; it carries the newest checkpoint, which
    // covers the whole log, for the auditor to check its signature and hold the ledger to it.
    if (scope.kind === 'subject') {
      const [newest] = await readStreamTail(source.store, CHECKPOINT_STREAM, 1);
      if (newest) {
        const { line, hash } = eventLine(newest, undefined, 'checkpoint');
        fold.add(hash, newest.position);
        yield line + '\n';
      }
    }
  } catch (error) {
    source.onError?.(error);
    failure = failureOf(error);
  }

  const reached = { headerHash, events: count, exportHash: fold.value(), follows: previous };
  const signer = { keyId: key.keyId, algorithm: 'Ed25519' } as const;
  const end: ExportErrorBody | ExportSealBody = failure
    ? { kind: 'error', ...reached, code: failure.code, message: failure.message, ...signer }
    : { kind: 'seal', ...reached, ...(scope.kind === 'subject' ? { streams: heads } : {}), ...signer };
  yield JSON.stringify({ ...end, signature: signPayload(key, end) }) + '\n';
}

/** What the error record says: a damaged store in the store's own words, anything else as it came. */
function failureOf(error: unknown): { code: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StoreUnavailableError) return { code: `store-${error.failure}`, message };
  if ((error as { code?: unknown })?.code === 'SQLITE_CORRUPT' || /malformed|not a database/i.test(message)) {
    return { code: 'store-damaged', message: `the event store is damaged: ${message}` };
  }
  return { code: 'export-failed', message };
}

/** An event's line, from its stored text when the store gave text and those bytes hash as recorded. */
function lineOf(event: StoredEvent | StoredText, follows: EventRef | null): { line: string; hash: string } {
  if (typeof event.data !== 'string') return eventLine(event as StoredEvent, follows);
  const text = event as StoredText;
  return (
    storedEventLine(text, follows) ??
    eventLine({ ...text, data: JSON.parse(text.data), metadata: JSON.parse(text.metadata) }, follows)
  );
}

/**
 * The whole log, or the events recorded in [from, to), in global order, a page at a time: the whole
 * log as stored text where the store keeps it (nothing in it is parsed to be written again). It ends
 * at `head`, the log's head when the export began: the log as it stood then, however long a slow reader takes
 * while writes go on (following the head instead, an export read slower than the ledger writes never
 * ended, and no two exports begun together held the same events).
 */
async function* logPages(
  store: EventStore,
  scope: ExportScope,
  head: Position | undefined,
): AsyncGenerator<(StoredEvent | StoredText)[]> {
  if (head === undefined) {
    yield [];
    return;
  }
  let after: StoredEvent['position'] | undefined;
  for (;;) {
    const read =
      scope.kind === 'log' && store.readAllText
        ? await store.readAllText({ after, maxCount: PAGE })
        : await store.readAll({ after, maxCount: PAGE });
    const upToHead = read.filter((event) => store.comparePositions(event.position, head) <= 0);
    const page = upToHead.length === read.length ? read : upToHead;
    if (scope.kind === 'period') {
      yield (page as StoredEvent[]).filter((event) => {
        const recordedAt = metadataOf(event).recordedAt;
        return recordedAt >= scope.from && recordedAt < scope.to;
      });
    } else {
      yield page;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/**
 * One person's stream with every policy stream, merged into global order up to `head`, a page of each
 * stream at a time: their streams were read whole into memory first, and every look at a person adds
 * to theirs (a lending core checking them before each decision), so one person's export was bounded
 * only by how often they had been looked at.
 */
async function* subjectPages(
  source: ExportSource,
  subjectId: string,
  head: Position | undefined,
): AsyncGenerator<StoredEvent[]> {
  if (head === undefined) return;
  const { store } = source;
  // The person's record, the policies it refers to, and who looked at it.
  const streams = [subjectStream(subjectId), accessStream(subjectId), ...source.policyIds.map(policyStream)].map(
    (stream) => ({ stream, page: [] as StoredEvent[], at: 0, next: 0, ended: false }),
  );
  const front = async (s: (typeof streams)[number]): Promise<StoredEvent | undefined> => {
    if (s.at === s.page.length && !s.ended) {
      s.page = await store.readStream(s.stream, { fromRevision: s.next, maxCount: PAGE });
      s.at = 0;
      s.next += s.page.length;
      if (s.page.length < PAGE) s.ended = true;
    }
    const event = s.page[s.at];
    // Written after the export began: not in it.
    return event && store.comparePositions(event.position, head) <= 0 ? event : undefined;
  };
  let out: StoredEvent[] = [];
  for (;;) {
    let earliest: { s: (typeof streams)[number]; event: StoredEvent } | undefined;
    for (const s of streams) {
      const event = await front(s);
      if (event && (!earliest || store.comparePositions(event.position, earliest.event.position) < 0)) {
        earliest = { s, event };
      }
    }
    if (!earliest) break;
    earliest.s.at += 1;
    out.push(earliest.event);
    if (out.length === PAGE) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

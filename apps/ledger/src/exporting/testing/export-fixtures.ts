import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import {
  Checkpoint,
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  chainEvents,
  ExportFold,
  ExportHeader,
  ExportScope,
  headerHashOf,
  linePrefix,
  MARK_EVERY,
  GENESIS_HASH,
  KeyringEntry,
  nextLogHash,
  signPayload,
  SigningKey,
  toAppend,
} from '@ledger/ledger-log';
import { exportLines } from '../ledger-export';

/**
 * Writes a log the way the ledger does — chained streams, and signed checkpoints over the log hash —
 * straight into a store, for tests of exports and their verification.
 */
export class LogWriter {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private logHash = GENESIS_HASH;
  private count = 0;
  private lastEventId = '';
  private sequence = 0;

  constructor(readonly store: EventStore) {}

  get events(): number {
    return this.count;
  }

  async append(
    stream: string,
    events: readonly { type: string; data: Record<string, unknown> }[],
    at: string,
  ): Promise<void> {
    const head = this.heads.get(stream);
    const commandId = `test-${++this.sequence}`;
    const toWrite = toAppend(events, {
      commandId,
      correlationId: commandId,
      actor: { kind: 'client', id: 'lending-core', role: 'lending-core' },
      occurredAt: at,
      recordedAt: at,
    });
    await this.write(stream, toWrite, head);
  }

  /** A checkpoint over everything written so far, signed with `key` and recorded at `at`. */
  async checkpoint(key: SigningKey, at: string): Promise<void> {
    const body = {
      eventsCovered: this.count,
      lastEventId: this.lastEventId,
      logHash: this.logHash,
      keyId: key.keyId,
      algorithm: 'Ed25519' as const,
    };
    const checkpoint: Checkpoint = { ...body, signature: signPayload(key, body) };
    const commandId = `checkpoint-${this.count}`;
    const [event] = toAppend([{ type: CHECKPOINT_EVENT_TYPE, data: checkpoint }], {
      commandId,
      correlationId: commandId,
      actor: { kind: 'system', id: 'checkpoint-writer' },
      occurredAt: at,
      recordedAt: at,
    });
    await this.write(CHECKPOINT_STREAM, [event], this.heads.get(CHECKPOINT_STREAM));
  }

  /** Appends events exactly as given (ids, data, metadata), re-chained onto the stream as it is here. */
  async copy(
    stream: string,
    event: { id: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> },
  ): Promise<void> {
    const { previousHash: _p, hash: _h, ...metadata } = event.metadata;
    await this.write(stream, [{ id: event.id, type: event.type, data: event.data, metadata }], this.heads.get(stream));
  }

  private async write(
    stream: string,
    events: readonly { id: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[],
    head: { revision: number; hash: string } | undefined,
  ): Promise<void> {
    const first = head ? head.revision + 1 : 0;
    const chained = chainEvents(stream, first, head ? head.hash : GENESIS_HASH, events);
    await this.store.append(stream, chained, head ? head.revision : 'no-stream');
    for (const event of chained) {
      const hash = event.metadata.hash as string;
      this.logHash = nextLogHash(this.logHash, hash);
      this.count += 1;
      this.lastEventId = event.id;
    }
    this.heads.set(stream, {
      revision: first + chained.length - 1,
      hash: chained[chained.length - 1].metadata.hash as string,
    });
  }
}

/** A small history: `people` persons with a grant and a disclosure each, a claim per command, checkpoints. */
export async function smallHistory(
  writer: LogWriter,
  key: SigningKey,
  people: number,
  start = Date.parse('2025-03-01T00:00:00Z'),
): Promise<void> {
  for (let p = 0; p < people; p++) {
    const at = new Date(start + p * 60_000).toISOString();
    const subject = `subject-${p.toString(16).padStart(32, '0')}`;
    await writer.append(
      `command-${(p * 2).toString(16).padStart(32, 'a')}`,
      [{ type: 'CommandReceived', data: { key: `g-${p}` } }],
      at,
    );
    await writer.append(
      subject,
      [{ type: 'ConsentGranted', data: { consentId: `c-${p}`, purposes: ['advertising'], language: 'ru' } }],
      at,
    );
    await writer.append(
      `command-${(p * 2 + 1).toString(16).padStart(32, 'a')}`,
      [{ type: 'CommandReceived', data: { key: `d-${p}` } }],
      at,
    );
    await writer.append(
      subject,
      [{ type: 'DisclosureRecorded', data: { disclosureId: `d-${p}`, recipient: 'first-credit-bureau' } }],
      at,
    );
    if (p % 10 === 9) await writer.checkpoint(key, at);
  }
}

export async function exportText(
  store: EventStore,
  key: SigningKey,
  scope: ExportScope = { kind: 'log' },
  options: { keyring?: readonly KeyringEntry[]; createdAt?: string; onError?: (error: unknown) => void } = {},
): Promise<string[]> {
  let text = '';
  for await (const chunk of exportLines(
    {
      store,
      signingKey: key,
      ...(options.keyring ? { keyring: options.keyring } : {}),
      catalogueVersion: '2025.1',
      createdAt: options.createdAt ?? '2026-01-01T00:00:00.000Z',
      policyIds: [],
      ...(options.onError ? { onError: options.onError } : {}),
    },
    scope,
  )) {
    text += chunk;
  }
  return text.trimEnd().split('\n');
}

export interface ExportedLine {
  readonly index: number;
  readonly kind: string;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
}

/** The event lines of an export, with where they sit. */
export function eventLinesOf(lines: readonly string[]): ExportedLine[] {
  return lines
    .map((text, index) => ({ index, value: JSON.parse(text) }))
    .filter((l) => l.value.kind === 'event')
    .map(({ index, value }) => ({
      index,
      kind: value.kind,
      stream: value.event.stream,
      revision: value.event.revision,
      id: value.event.id,
      type: value.event.type,
    }));
}

/**
 * What a forger with write access to an export but not the ledger's key can make: events dropped,
 * every chain rebuilt, every checkpoint, mark and seal re-signed with a fresh key of their own. Given
 * the ledger's own key (a key holder rewriting its history), `edit` may also change what events say.
 */
export async function forge(
  lines: readonly string[],
  drop: (event: ExportedLine) => boolean,
  freshKey: SigningKey,
  edit?: (event: ExportedLine, metadata: Record<string, unknown>, data: Record<string, unknown>) => void,
): Promise<string[]> {
  const header = JSON.parse(lines[0]) as ExportHeader;
  const store = new SqliteEventStore({ file: ':memory:' });
  const writer = new LogWriter(store);
  for (const line of eventLinesOf(lines)) {
    if (drop(line)) continue;
    const { event } = JSON.parse(lines[line.index]);
    edit?.(line, event.metadata, event.data);
    if (event.type === CHECKPOINT_EVENT_TYPE) await writer.checkpoint(freshKey, event.metadata.recordedAt);
    else await writer.copy(event.stream, event);
  }
  const forged = await exportText(store, freshKey, header.scope, { createdAt: header.createdAt });
  await store.close();
  return forged;
}

/**
 * What only the ledger's key holder can make: the event lines given (each re-linked to the one before
 * it), under a header edited by `edit`, with marks and a seal signed again by `key`.
 */
export function reseal(
  lines: readonly string[],
  key: SigningKey,
  edit: (header: ExportHeader) => ExportHeader,
): string[] {
  const header = edit(JSON.parse(lines[0]) as ExportHeader);
  const headerHash = headerHashOf(header);
  const fold = new ExportFold(headerHash);
  const out = [JSON.stringify(header)];
  const streams: Record<string, { firstRevision: number; lastRevision: number; lastHash: string }> = {};
  let previous: { stream: string; revision: number } | null = null;
  let count = 0;
  for (const line of eventLinesOf(lines)) {
    const { hash, position, event } = JSON.parse(lines[line.index]);
    const text = lines[line.index];
    out.push(linePrefix('event', hash, position, previous) + text.slice(text.indexOf(',"event":') + 9));
    fold.add(hash, position);
    previous = { stream: event.stream, revision: event.revision };
    streams[event.stream] = {
      firstRevision: streams[event.stream]?.firstRevision ?? event.revision,
      lastRevision: event.revision,
      lastHash: hash,
    };
    if (++count % MARK_EVERY === 0) {
      const mark = { kind: 'mark' as const, headerHash, events: count, exportHash: fold.value() };
      out.push(JSON.stringify({ ...mark, signature: signPayload(key, mark) }));
    }
  }
  const seal = {
    kind: 'seal' as const,
    headerHash,
    events: count,
    exportHash: fold.value(),
    follows: previous,
    ...(header.scope.kind === 'subject' ? { streams } : {}),
    keyId: key.keyId,
    algorithm: 'Ed25519' as const,
  };
  out.push(JSON.stringify({ ...seal, signature: signPayload(key, seal) }));
  return out;
}

/**
 * Changes bytes of a closed SQLite file where SQLite does not look (the text of a row): `text`, found
 * once in the file, becomes `replacement` of the same length. The row still reads.
 */
export function garbleStoredText(file: string, text: string, replacement: string): void {
  const bytes = readFileSync(file);
  const from = Buffer.from(text);
  const to = Buffer.from(replacement);
  const at = bytes.indexOf(from);
  if (at < 0 || to.length !== from.length || bytes.indexOf(from, at + 1) >= 0) {
    throw new Error(`${text} is not in the file exactly once, or the replacement is not as long`);
  }
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, to, 0, to.length, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * Damages a SQLite file the way a failing disk does: the table page that holds the row with `marker`
 * gets an invalid page type, so reading across it fails with "database disk image is malformed"
 * (SQLITE_CORRUPT) while the pages before it still read. The file must be closed (WAL checkpointed).
 */
export function damageTablePage(file: string, marker: string): number {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
    const page = Math.floor(at / pageSize);
    const headerAt = page * pageSize + (page === 0 ? 100 : 0);
    if (bytes[headerAt] !== 0x0d) continue; // 0x0d: a leaf page of a table b-tree
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.from([0xff]), 0, 1, headerAt);
      const check = Buffer.alloc(1);
      readSync(fd, check, 0, 1, headerAt);
      if (check[0] !== 0xff) throw new Error('the page was not damaged');
    } finally {
      closeSync(fd);
    }
    return page + 1;
  }
  throw new Error(`no table leaf page holds ${marker}`);
}

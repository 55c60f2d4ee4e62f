import { randomBytes } from 'node:crypto';
import { Instant } from '@ledger/consent-domain';
import { SqliteEventStore } from '@ledger/event-store';
import { accessStream, Digests, drawnCommandId } from '@ledger/ledger-log';
import { KeyStore } from '@ledger/personal-data';
import { LedgerConfig } from '../config/ledger-config';
import { SystemClock } from './clock';
import { CommandExecutor, CommandMeta, HEAD_EVENTS_PER_STREAM, HEAD_ONLY, headWeight } from './command-executor';
import { IntegrityMonitor } from './integrity-monitor';
import { Recordings } from './recordings';

describe('what a cached stream head weighs', () => {
  it('counts the events folded into a state, so a long history weighs more than a short one', () => {
    expect(headWeight({ revision: 0, state: {} })).toBe(2);
    expect(headWeight({ revision: 999, state: {} })).toBe(1_001);
    // A typical person's stream fits the average a generation allows per stream.
    expect(headWeight({ revision: 9, state: {} })).toBeLessThanOrEqual(HEAD_EVENTS_PER_STREAM);
  });

  it('weighs a head-only stream (an access log, the checkpoints) as one, however long it is', () => {
    expect(headWeight({ revision: 5_000_000, state: undefined })).toBe(1);
  });
});

describe('the ids a command is stored under', () => {
  const pseudonymKey = randomBytes(32);
  let store: SqliteEventStore;
  let executor: CommandExecutor;

  beforeEach(() => {
    store = new SqliteEventStore({ file: ':memory:' });
    const config = { streamCacheSize: 100 } as LedgerConfig;
    const keys = {} as KeyStore; // a stream with no owner seals nothing
    executor = new CommandExecutor(
      store,
      keys,
      new SystemClock(),
      config,
      new IntegrityMonitor(),
      new Digests(pseudonymKey),
      new Recordings({ runner: {} } as never),
    );
  });
  afterEach(() => store.close());

  async function storedMetadata(meta: CommandMeta): Promise<Record<string, unknown>> {
    const stream = accessStream('0123456789abcdef0123456789abcdef');
    await executor.execute({
      meta,
      commandType: 'look',
      stream,
      target: stream,
      request: [],
      occurredAt: '2026-01-01T00:00:00.000Z' as Instant,
      model: HEAD_ONLY,
      idempotent: false,
      decide: () => [{ type: 'LookupMissed', data: { accessor: { sub: 'a', role: 'support' } } }],
    });
    const [event] = await store.readStream(stream);
    return event.metadata;
  }

  const actor = { kind: 'user', id: 'a', role: 'support' } as const;

  it('keeps the keyed digest of ids a caller sent, never the ids themselves', async () => {
    const metadata = await storedMetadata({ commandId: 'caller-key-1', correlationId: 'caller-corr-1', actor });
    const digests = new Digests(pseudonymKey);
    expect(metadata.commandId).toBe(digests.command('caller-key-1'));
    expect(metadata.$correlationId).toBe(digests.command('caller-corr-1'));
  });

  it('keeps an id the ledger drew for a write of its own as drawn (it names nothing)', async () => {
    const id = drawnCommandId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const metadata = await storedMetadata({ commandId: id, correlationId: id, drawn: true, actor });
    expect(metadata.commandId).toBe(id);
    expect(metadata.$correlationId).toBe(id);
  });
});

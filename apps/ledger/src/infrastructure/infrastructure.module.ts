import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { CatalogueIndex, LENDER_CATALOGUE } from '@ledger/consent-domain';
import { DataFolderLock, EventStore, loadEsdbEventStore, SqliteEventStore } from '@ledger/event-store';
import { Digests, IntegrityFailure } from '@ledger/ledger-log';
import { ProjectionThreadOptions, ReadSide } from '@ledger/projections';
import { KeyStore } from '@ledger/personal-data';
import { LedgerConfig } from '../config/ledger-config';
import { CLOCK, SystemClock } from '../ledger/clock';
import { IntegrityMonitor } from '../ledger/integrity-monitor';
import { READ_SIDE } from '../ledger/read-models';
import { CATALOGUE, EVENT_STORE, KEY_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { StoreSignals } from './store-signals';
import {
  openKeyStore,
  openRateLimitCounters,
  RATE_LIMIT_COUNTERS,
  RateLimitCounters,
  WEBHOOK_DELIVERER,
  webhookDeliverer,
} from './shared-components';

/** The only place that knows which event store adapter runs. */
export async function openEventStore(config: LedgerConfig, signals = new StoreSignals()): Promise<EventStore> {
  switch (config.eventStore.kind) {
    case 'sqlite':
      // Only called once this process holds the data folder's lock: it is the store's one writer.
      return new SqliteEventStore({
        file: config.eventStore.file,
        exclusive: true,
        onGroupCommit: (writes) => signals.groupCommitted(writes),
      });
    case 'esdb':
      return loadEsdbEventStore().connect(config.eventStore.connectionString, {
        onRetry: (retry) =>
          retry.operation === 'subscription' ? signals.resubscribed() : signals.retried(retry.operation),
      });
  }
}

/** How long a start waits for the read models' first page (a rebuild goes on after it). */
const FIRST_PAGE_WAIT_MS = 10_000;

/**
 * The read models' own thread, where it can run: over the embedded store's file, from compiled code
 * (the thread loads projection-thread.js). Run from its sources, the app is handed the built thread
 * (`built`), or feeds its read models on the main thread.
 */
function projectionThreadFor(
  config: LedgerConfig,
  store: EventStore,
  built?: Omit<ProjectionThreadOptions, 'eventsFile'>,
) {
  const { eventStore } = config;
  if (!config.projectionThread || eventStore.kind !== 'sqlite' || config.readModelFile === ':memory:') return undefined;
  if (!(store instanceof SqliteEventStore)) return undefined;
  if (__filename.endsWith('.js')) return { thread: { eventsFile: eventStore.file } };
  return built ? { thread: { ...built, eventsFile: eventStore.file } } : undefined;
}

/** Wires the stores, the read side and the catalogue; starts and stops the projections with the app. */
@Global()
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  static forConfig(
    config: LedgerConfig,
    overrides: {
      clock?: unknown;
      store?: EventStore;
      projectionThread?: Omit<ProjectionThreadOptions, 'eventsFile'>;
      lock?: DataFolderLock;
    } = {},
  ) {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        // The embedded store has one writer: this process holds its data folder (taken before the app is
        // made, see createLedgerApp) until the app closes.
        { provide: DataFolderLock, useFactory: () => overrides.lock },
        { provide: CLOCK, useValue: overrides.clock ?? new SystemClock() },
        { provide: StoreSignals, useValue: new StoreSignals() },
        {
          provide: EVENT_STORE,
          // After the key store: a key store that refuses the start (keys unlike the other instances')
          // does so before the log, its writer thread and the read side are open and left behind.
          useFactory: (_lock: unknown, signals: StoreSignals, _keys: unknown) =>
            overrides.store ?? openEventStore(config, signals),
          inject: [DataFolderLock, StoreSignals, KEY_STORE],
        },
        {
          provide: READ_SIDE,
          useFactory: (store: EventStore, integrity: IntegrityMonitor) =>
            new ReadSide(store, config.readModelFile, {
              onError: (error) => error instanceof IntegrityFailure && integrity.failed(error),
              ...(projectionThreadFor(config, store, overrides.projectionThread) ?? {}),
            }),
          inject: [EVENT_STORE, IntegrityMonitor],
        },
        { provide: CATALOGUE, useValue: new CatalogueIndex(LENDER_CATALOGUE) },
        { provide: Digests, useValue: new Digests(config.pseudonymKey) },
        {
          provide: KEY_STORE,
          useFactory: () => openKeyStore(config),
          inject: [DataFolderLock],
        },
        { provide: RATE_LIMIT_COUNTERS, useFactory: () => openRateLimitCounters(config) },
        // Started and closed by the webhook dispatcher; read by readiness and the metrics.
        { provide: WEBHOOK_DELIVERER, useFactory: () => webhookDeliverer(config) },
        IntegrityMonitor,
      ],
      exports: [
        LEDGER_CONFIG,
        CLOCK,
        EVENT_STORE,
        READ_SIDE,
        CATALOGUE,
        Digests,
        KEY_STORE,
        RATE_LIMIT_COUNTERS,
        WEBHOOK_DELIVERER,
        IntegrityMonitor,
        StoreSignals,
      ],
    };
  }

  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(RATE_LIMIT_COUNTERS) private readonly counters: RateLimitCounters,
    @Optional() private readonly lock?: DataFolderLock,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.pseudonymKeyIsDevelopmentDefault) {
      this.logger.warn('LEDGER_PSEUDONYM_KEY is not set: using the development key (never in production)');
    }
    if (this.config.masterKeyIsDevelopmentDefault) {
      this.logger.warn(
        'LEDGER_MASTER_KEY is not set: data keys are wrapped with a development key (never in production)',
      );
    }
    if (this.config.projections) {
      this.readSide.runner.start();
      // The first page before the first request, as when the read models are fed on this thread.
      await this.readSide.runner.started(FIRST_PAGE_WAIT_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readSide.close();
    await this.store.close();
    await this.keys.close();
    await this.counters.close();
    this.lock?.release();
  }
}

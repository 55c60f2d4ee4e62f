import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ReadSide } from '@ledger/projections';
import { READ_SIDE } from '../ledger/read-models';
import { StoreSignals } from '../infrastructure/store-signals';
import { Leadership } from '../infrastructure/leadership';
import { WEBHOOK_DELIVERER } from '../infrastructure/shared-components';

/**
 * The ledger's Prometheus metrics, in a registry of its own per application instance (tests run
 * several in one process). Labels carry route patterns, codes and kinds — never a pseudonym, an
 * IIN or a token subject — so the metrics may be read by whoever runs the service.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  // --- fed here, at the HTTP layer (bootstrap's hooks, the rate limiter, the token verifier) ---

  readonly httpDuration = this.histogram(
    'ledger_http_request_duration_seconds',
    'Time from a request arriving to its answer being sent, by route pattern',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ['method', 'route', 'status'],
  );

  readonly httpResponses = this.counter(
    'ledger_http_responses_total',
    'Answers by route pattern, status and problem code (empty for a success)',
    ['method', 'route', 'status', 'problem'],
  );

  readonly commands = this.counter(
    'ledger_commands_total',
    'Commands by type and outcome (recorded, replayed, refused, failed) with the problem code',
    ['command', 'outcome', 'problem'],
  );

  readonly rateLimitRefusals = this.counter(
    'ledger_rate_limit_refusals_total',
    'Requests refused 429, by budget: principal, iin (routes that take an IIN), anonymous',
    ['budget'],
  );

  readonly tokenVerifications = this.counter(
    'ledger_token_verifications_total',
    'Bearer tokens checked: verified (signature checked), cached (seen and valid), refused',
    ['outcome'],
  );

  // --- declared here, fed by the parts named in each comment ---

  /** Fed by the SQLite store's group commit (through StoreSignals): writes per fsync'd transaction. */
  readonly groupCommitBatchSize = this.histogram(
    'ledger_group_commit_batch_size',
    'Appends committed together in one transaction',
    [1, 2, 4, 8, 16, 32, 64, 128, 256],
  );

  /** Fed by the EventStoreDB adapter when it retries an operation (through StoreSignals). */
  readonly eventStoreRetries = this.counter(
    'ledger_eventstore_retries_total',
    'EventStoreDB operations retried, by operation (append, read)',
    ['operation'],
  );

  /** Fed by the EventStoreDB adapter when a live subscription is re-established (through StoreSignals). */
  readonly eventStoreReconnects = this.counter(
    'ledger_eventstore_reconnects_total',
    'EventStoreDB subscriptions re-established after a loss',
  );

  /** Fed by the access log (apps/ledger/src/access-log) after each PersonalDataAccessed append. */
  readonly accessLogWrites = this.counter(
    'ledger_access_log_writes_total',
    'Looks at personal data recorded, by scope (person, bulk, miss) and outcome (written, failed)',
    ['scope', 'outcome'],
  );

  /** Fed by the IIN lookups (resolve, checks by IIN) when the ledger holds nothing about the IIN. */
  readonly lookupMisses = this.counter(
    'ledger_subject_lookup_misses_total',
    'Lookups of an IIN the ledger holds nothing about, by role',
    ['role'],
  );

  // --- read from the projection runner's status when scraped ---

  // Each reads the same status when scraped (see readProjection): a scrape shows one moment of it.
  readonly projectionLag = this.gauge(
    'ledger_projection_lag_seconds',
    'How long the oldest event not yet in the read models has waited (0 when caught up)',
    () => this.readProjection(),
  );

  readonly projectionCaughtUp = this.gauge(
    'ledger_projection_caught_up',
    '1 when the read models hold every event in the log',
    () => this.readProjection(),
  );

  readonly projectionEventsApplied = this.gauge(
    'ledger_projection_events_applied',
    'Events applied to the read models since they were built',
    () => this.readProjection(),
  );

  readonly projectionFailing = this.gauge(
    'ledger_projection_failing',
    '1 while the read models are not fed: their runner (or its thread) stopped, or its last batch failed',
    () => this.readProjection(),
  );

  readonly webhookDeliverer: Gauge = this.gauge(
    'ledger_webhook_deliverer',
    '1 while this instance is the one that delivers webhooks (with several, the holder of the PostgreSQL lock)',
    (): void => this.webhookDeliverer.set(this.deliverer.leading ? 1 : 0),
  );

  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    signals: StoreSignals,
    @Inject(WEBHOOK_DELIVERER) private readonly deliverer: Leadership,
  ) {
    collectDefaultMetrics({ register: this.registry });
    signals.groupCommitted = (writes) => this.groupCommitBatchSize.observe(writes);
    signals.retried = (operation) => this.eventStoreRetries.inc({ operation });
    signals.resubscribed = () => this.eventStoreReconnects.inc();
  }

  /** The text Prometheus scrapes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  // Each metric is registered in this instance's registry, in the order declared above.
  private counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string = never>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ) {
    return new Histogram<L>({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  private gauge(name: string, help: string, collect?: () => void | Promise<void>) {
    return new Gauge({ name, help, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  private reading?: Promise<void>;

  /** One status read for every projection gauge of a scrape (they are collected together). */
  private readProjection(): Promise<void> {
    this.reading ??= this.readStatus().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readStatus(): Promise<void> {
    try {
      const status = await this.readSide.runner.status();
      this.projectionLag.set(status.lagMs / 1000);
      this.projectionCaughtUp.set(status.caughtUp ? 1 : 0);
      this.projectionEventsApplied.set(status.eventsApplied);
      this.projectionFailing.set(status.running && status.lastError === undefined ? 0 : 1);
    } catch {
      // The store does not answer: the readiness probe says so; the last values stay.
    }
  }
}

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

  readonly httpDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly httpResponses = new Counter({
    name: 'ledger_http_responses_total',
    help: 'Answers by route pattern, status and problem code (empty for a success)',
    labelNames: ['method', 'route', 'status', 'problem'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands by type and outcome (recorded, replayed, refused, failed) with the problem code',
    labelNames: ['command', 'outcome', 'problem'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'ledger_rate_limit_refusals_total',
    help: 'Requests refused 429, by budget: principal, iin (routes that take an IIN), anonymous',
    labelNames: ['budget'] as const,
    registers: [this.registry],
  });

  readonly tokenVerifications = new Counter({
    name: 'ledger_token_verifications_total',
    help: 'Bearer tokens checked: verified (signature checked), cached (seen and valid), refused',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  // --- declared here, fed by the parts named in each comment ---

  /** Fed by the SQLite store's group commit (through StoreSignals): writes per fsync'd transaction. */
  readonly groupCommitBatchSize = new Histogram({
    name: 'ledger_group_commit_batch_size',
    help: 'Appends committed together in one transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  /** Fed by the EventStoreDB adapter when it retries an operation (through StoreSignals). */
  readonly eventStoreRetries = new Counter({
    name: 'ledger_eventstore_retries_total',
    help: 'EventStoreDB operations retried, by operation (append, read)',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  /** Fed by the EventStoreDB adapter when a live subscription is re-established (through StoreSignals). */
  readonly eventStoreReconnects = new Counter({
    name: 'ledger_eventstore_reconnects_total',
    help: 'EventStoreDB subscriptions re-established after a loss',
    registers: [this.registry],
  });

  /** Fed by the access log (apps/ledger/src/access-log) after each PersonalDataAccessed append. */
  readonly accessLogWrites = new Counter({
    name: 'ledger_access_log_writes_total',
    help: 'Looks at personal data recorded, by scope (person, bulk, miss) and outcome (written, failed)',
    labelNames: ['scope', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Fed by the IIN lookups (resolve, checks by IIN) when the ledger holds nothing about the IIN. */
  readonly lookupMisses = new Counter({
    name: 'ledger_subject_lookup_misses_total',
    help: 'Lookups of an IIN the ledger holds nothing about, by role',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  // --- read from the projection runner's status when scraped ---

  readonly projectionLag = new Gauge({
    name: 'ledger_projection_lag_seconds',
    help: 'How long the oldest event not yet in the read models has waited (0 when caught up)',
    registers: [this.registry],
    collect: () => this.readProjection(),
  });

  readonly projectionCaughtUp = new Gauge({
    name: 'ledger_projection_caught_up',
    help: '1 when the read models hold every event in the log',
    registers: [this.registry],
  });

  readonly projectionEventsApplied = new Gauge({
    name: 'ledger_projection_events_applied',
    help: 'Events applied to the read models since they were built',
    registers: [this.registry],
  });

  readonly webhookDeliverer: Gauge = new Gauge({
    name: 'ledger_webhook_deliverer',
    help: '1 while this instance is the one that delivers webhooks (with several, the holder of the PostgreSQL lock)',
    registers: [this.registry],
    collect: (): void => this.webhookDeliverer.set(this.deliverer.leading ? 1 : 0),
  });

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

  private async readProjection(): Promise<void> {
    try {
      const status = await this.readSide.runner.status();
      this.projectionLag.set(status.lagMs / 1000);
      this.projectionCaughtUp.set(status.caughtUp ? 1 : 0);
      this.projectionEventsApplied.set(status.eventsApplied);
    } catch {
      // The store does not answer: the readiness probe says so; the last values stay.
    }
  }
}

import { Allow, EVERYONE, PublicRoute } from '../auth/roles';
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { calendarWarnings } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { IntegrityMonitor } from '../ledger/integrity-monitor';
import { StartupVerification } from '../integrity/startup-verification';
import { EVENT_STORE, KEY_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { KeyStore } from '@ledger/personal-data';
import {
  RATE_LIMIT_COUNTERS,
  RateLimitCounters,
  sharedComponentStatus,
  WEBHOOK_DELIVERER,
} from '../infrastructure/shared-components';
import { Leadership } from '../infrastructure/leadership';
import { LiveDto, ProbeDto, ReadyDto } from './health.answers';

const PROBE_MEMO_MS = 1000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  private lastProbe?: { readonly at: number; readonly ready: boolean };

  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly integrity: IntegrityMonitor,
    private readonly startup: StartupVerification,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(RATE_LIMIT_COUNTERS) private readonly counters: RateLimitCounters,
    @Inject(WEBHOOK_DELIVERER) private readonly deliverer: Leadership,
  ) {}

  @PublicRoute()
  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ type: LiveDto })
  live() {
    return { status: 'up' };
  }

  /**
   * For a container orchestrator: no token, and nothing but ready or not (no store kind, no
   * positions, no errors). Never rate-limited: an orchestrator polls from one address, which may
   * be shared with outside traffic; the answer is kept for a second so polling stays cheap.
   */
  @PublicRoute()
  @Get('probe')
  @ApiOperation({ summary: 'Ready to serve (for an orchestrator: no token, no details)' })
  @ApiOkResponse({ type: ProbeDto, description: '{ "status": "ready" }; 503 { "status": "not-ready" } otherwise.' })
  @ApiResponse({ status: 503, type: ProbeDto, description: '{ "status": "not-ready" }' })
  async probe(@Res({ passthrough: true }) reply: FastifyReply) {
    const now = Date.now();
    if (!this.lastProbe || now - this.lastProbe.at >= PROBE_MEMO_MS) {
      this.lastProbe = { at: now, ready: (await this.readiness()).ready };
    }
    if (!this.lastProbe.ready) void reply.status(503);
    return { status: this.lastProbe.ready ? 'ready' : 'not-ready' };
  }

  /** For operators: why the ledger is or is not ready. */
  @Allow(...EVERYONE)
  @Get('ready')
  @ApiOperation({
    summary: 'The event store, key store and rate-limit counters answer; projection lag and checkpoint',
    description:
      'keyStore (sqlite or postgres) and rateLimits (memory or redis) say whether each answers: a configured one ' +
      'that does not makes the ledger not ready. ' +
      'warnings (still ready) name what an operator must fix before answers go wrong: the working-day ' +
      'calendar does not cover this year (calendar-year-not-covered), or deadlines started now reach a ' +
      'year it does not cover (calendar-next-year-not-covered).',
  })
  @ApiOkResponse({
    type: ReadyDto,
    description: 'Ready; 503 when a store does not answer or the projections have stopped or fail.',
  })
  @ApiResponse({ status: 503, type: ReadyDto, description: 'Not ready: { "status": "down", … } with the reasons' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ready, details } = await this.readiness();
    if (!ready) void reply.status(503);
    return { status: ready ? 'up' : 'down', ...details };
  }

  private async readiness() {
    // Every component instances share is checked at once: the answer names each one that is away.
    const [eventStoreReachable, shared] = await Promise.all([
      this.store.headPosition().then(
        () => true,
        () => false,
      ),
      sharedComponentStatus(this.config, this.keys, this.counters),
    ]);
    const sharedReady = shared.keyStore.reachable && shared.rateLimits.reachable;
    // Not a condition of readiness: an instance that does not deliver serves as well as one that does.
    const webhooks = { kind: this.deliverer.kind, deliverer: this.deliverer.leading };
    if (!eventStoreReachable) {
      return {
        ready: false,
        details: { eventStore: { kind: this.config.eventStore.kind, reachable: false }, ...shared, webhooks },
      };
    }
    const projection = await this.readModels.side.runner.status();
    // A projection that keeps failing leaves every answer stale: not ready until it applies again.
    // Deadlines in an uncovered year say calendar-unknown; readiness says so before they do.
    const warnings = calendarWarnings(this.config.workingCalendar, this.readModels.now());
    // A broken hash chain anywhere, or read models ahead of the log, and nothing may be answered.
    const integrity = this.integrity.found();
    const startup = this.startup.result;
    const damaged = this.store.condition?.().damaged;
    return {
      ready:
        sharedReady &&
        projection.running &&
        projection.lastError === undefined &&
        projection.aheadOfLog !== true &&
        integrity.length === 0 &&
        damaged === undefined &&
        (startup.status === 'verified' || startup.status === 'skipped'),
      details: {
        eventStore: {
          kind: this.config.eventStore.kind,
          reachable: true,
          ...(damaged ? { damaged: `the event store file is damaged (${damaged}): restore it from a backup` } : {}),
        },
        ...shared,
        webhooks,
        projection,
        startupVerification: startup,
        ...(integrity.length > 0 ? { integrity: { status: 'failing', problems: integrity } } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
        // What auditors compare with the key statement the lender filed (docs/integrity.md).
        signing: {
          algorithm: 'Ed25519',
          keyId: this.config.signingKey.keyId,
          fingerprint: this.config.signingKey.fingerprint,
        },
      },
    };
  }
}

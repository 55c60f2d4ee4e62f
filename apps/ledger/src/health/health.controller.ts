import { Allow, EVERYONE, PublicRoute } from '../auth/roles';
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { calendarWarnings } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @PublicRoute()
  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'up' };
  }

  @Allow(...EVERYONE)
  @Get('ready')
  @ApiOperation({
    summary: 'The event store answers; projection lag and checkpoint',
    description:
      'warnings (still ready) name what an operator must fix before answers go wrong: the working-day ' +
      'calendar does not cover this year (calendar-year-not-covered), or deadlines started now reach a ' +
      'year it does not cover (calendar-next-year-not-covered).',
  })
  @ApiOkResponse({ description: 'Ready; 503 when the store does not answer or the projections have stopped or fail.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.store.headPosition();
    } catch {
      void reply.status(503);
      return { status: 'down', eventStore: { kind: this.config.eventStore.kind, reachable: false } };
    }
    const projection = await this.readModels.side.runner.status();
    // A projection that keeps failing leaves every answer stale: not ready until it applies again.
    const ready = projection.running && projection.lastError === undefined;
    if (!ready) void reply.status(503);
    // Deadlines in an uncovered year say calendar-unknown; readiness says so before they do.
    const warnings = calendarWarnings(this.config.workingCalendar, this.readModels.moment().knownAt);
    return {
      status: ready ? 'up' : 'down',
      eventStore: { kind: this.config.eventStore.kind, reachable: true },
      projection,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
}

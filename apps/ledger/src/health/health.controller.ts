import { Allow, EVERYONE, PublicRoute } from '../auth/roles';
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
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
  @ApiOperation({ summary: 'The event store answers; projection lag and checkpoint' })
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
    return {
      status: ready ? 'up' : 'down',
      eventStore: { kind: this.config.eventStore.kind, reachable: true },
      projection,
      // What auditors compare with the key statement the lender filed (docs/integrity.md).
      signing: {
        algorithm: 'Ed25519',
        keyId: this.config.signingKey.keyId,
        fingerprint: this.config.signingKey.fingerprint,
      },
    };
  }
}

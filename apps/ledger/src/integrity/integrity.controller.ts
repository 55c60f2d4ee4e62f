import { ApiProblems } from '../http/openapi';
import { NoQueryParameters, QueryInt } from '../http/validation';
import { AUDITORS, Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, HttpCode, Inject, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { EventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { ProblemException } from '../http/problems';
import { CheckpointWriter } from './checkpoint-writer';
import { CheckpointsDto, CheckpointWrittenDto, PublicKeyDto } from './integrity.answers';
import { GetPublicKeyQuery, ListCheckpointsQuery } from './integrity.queries';

export class CheckpointsQueryDto {
  @ApiPropertyOptional({ description: 'Newest N checkpoints (1-500, default 20).' })
  @QueryInt(1, 500)
  limit?: number;
}

@ApiTags('integrity')
@Controller('v1/integrity')
export class IntegrityController {
  constructor(
    private readonly writer: CheckpointWriter,
    private readonly queries: QueryBus,
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Allow(...EVERYONE)
  @Get('public-key')
  @ApiOperation({
    summary: 'The Ed25519 key that checkpoints and export seals verify against, and every key the ledger has used',
    description:
      'For convenience only: an auditor pins the key obtained out of band (its fingerprint from the key statement the lender files with the regulator), never this answer alone — it comes from the same service as the export.',
  })
  @ApiOkResponse({ type: PublicKeyDto })
  @ApiProblems(400)
  publicKey(@Query(NoQueryParameters) _query: object) {
    return this.queries.execute(new GetPublicKeyQuery());
  }

  @Allow(...EVERYONE)
  @Get('public-key.pem')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The same public key as a PEM file, for `audit verify --public-key`' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The key in PEM.' })
  @ApiProblems(400)
  async publicKeyPem(@Query(NoQueryParameters) _query: object) {
    return (await this.queries.execute(new GetPublicKeyQuery())).publicKeyPem;
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Get('checkpoints')
  @ApiOperation({ summary: 'The newest signed checkpoints over the whole log' })
  @ApiOkResponse({ type: CheckpointsDto })
  @ApiProblems(400)
  checkpoints(@Query() query: CheckpointsQueryDto) {
    return this.queries.execute(new ListCheckpointsQuery(query.limit ?? 20));
  }

  @Allow(...AUDITORS, 'compliance-admin')
  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Write a signed checkpoint over the log now (waits for the read models to catch up)' })
  @ApiCreatedResponse({ type: CheckpointWrittenDto })
  async checkpointNow() {
    const head = await this.store.headPosition();
    if (head && !(await this.readModels.side.runner.waitFor(head, this.config.readYourWritesTimeoutMs))) {
      throw new ProblemException(
        'store-unavailable',
        'the read models did not catch up with the log in time; try again',
      );
    }
    const written = await this.writer.write();
    if (!written) throw new ProblemException('invalid-request', 'the log is empty: there is nothing to sign');
    return { ...written.checkpoint, eventId: written.eventId, position: written.position, written: written.written };
  }
}

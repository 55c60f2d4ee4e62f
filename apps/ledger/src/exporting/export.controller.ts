import { AccessLogged } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Inject, Logger, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Readable } from 'node:stream';
import { CatalogueIndex } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { ExportScope } from '@ledger/ledger-log';
import { LedgerConfig } from '../config/ledger-config';
import { Clock, CLOCK } from '../ledger/clock';
import { ReadModels } from '../ledger/read-models';
import { CATALOGUE, EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { NoQueryParameters } from '../http/validation';
import { ReadYourWritesQueryDto } from '../http/shared-dtos';
import { assertSubjectId, knownState } from '../subjects/subject-views';
import { exportLines } from './ledger-export';

export class PeriodQueryDto {
  @ApiProperty({ description: 'Events recorded at or after this instant.' })
  @IsString()
  @Length(1, 64)
  from!: string;

  @ApiProperty({ description: 'Events recorded before this instant.' })
  @IsString()
  @Length(1, 64)
  to!: string;
}

/**
 * Exports for auditors and regulators, to check offline with `npm run audit -- verify`: NDJSON with
 * a header, the events in global order with their hash chains, and a signed seal — or, when the store
 * fails part way, a signed error record that tells the client the export is incomplete.
 */
@ApiTags('audit')
@Controller('v1/exports')
export class ExportController {
  private readonly logger = new Logger('ExportController');

  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Allow(...AUDITORS)
  @Get('log')
  @ApiOperation({ summary: 'The whole log, with the signed checkpoints in it and a signed seal' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    schema: { type: 'string' },
    description: 'NDJSON: header, events with signed marks, then a signed seal (or a signed error record: incomplete).',
  })
  @AccessLogged('export:log', () => ({ bulk: true, parameters: {} }))
  log(@Query(NoQueryParameters) _query: object) {
    return this.stream({ kind: 'log' }, 'ledger-log');
  }

  @Allow(...AUDITORS)
  @Get('subjects/:subjectId')
  @ApiOperation({ summary: 'One person’s events and every policy version, enough to replay their consents offline' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    schema: { type: 'string' },
    description: 'NDJSON: header, the person’s events and the policy versions, then a signed seal.',
  })
  @ApiProblems(400, 404)
  @AccessLogged('export', (_, { params }) => ({ person: params.subjectId, parameters: {} }))
  async subject(@Param('subjectId') subjectId: string, @Query() query: ReadYourWritesQueryDto) {
    // The person is known from the read models: a command's position may be waited for.
    await this.readModels.freshness(query.minPosition);
    knownState(this.readModels.side.subjects, assertSubjectId(subjectId));
    return this.stream({ kind: 'subject', subjectId }, `ledger-subject-${subjectId}`);
  }

  @Allow(...AUDITORS)
  @Get('period')
  @ApiOperation({ summary: 'The events recorded in [from, to), with the checkpoints written in that period' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    schema: { type: 'string' },
    description: 'NDJSON: header, the period’s events and checkpoints, then a signed seal.',
  })
  @ApiProblems(400)
  @AccessLogged<StreamableFile>('export:period', (_, { query }) => ({
    bulk: true,
    parameters: { from: query.from, to: query.to },
  }))
  period(@Query() query: PeriodQueryDto) {
    const { from, to } = this.readModels.period(query.from, query.to);
    return this.stream({ kind: 'period', from, to }, `ledger-${from.slice(0, 10)}-${to.slice(0, 10)}`);
  }

  private stream(scope: ExportScope, name: string): StreamableFile {
    const lines = exportLines(
      {
        store: this.store,
        signingKey: this.config.signingKey,
        keyring: this.config.signingKeyring,
        catalogueVersion: this.catalogue.version,
        createdAt: this.clock.now(),
        policyIds: Object.keys(this.readModels.side.policies.book()),
        onError: (error) =>
          this.logger.error(
            `export ${name} stopped early and ends with an error record: ${error instanceof Error ? error.message : String(error)}`,
          ),
      },
      scope,
    );
    return new StreamableFile(Readable.from(lines), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="${name}.ndjson"`,
    });
  }
}

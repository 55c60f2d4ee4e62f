import { CursorField, InstantOrPositionField, MinPositionField } from '../http/shared-dtos';
import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLogged, withoutWait } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, Length, Matches } from 'class-validator';
import { DisclosureEntry } from '@ledger/projections';
import { Freshness, ReadModels } from '../ledger/read-models';
import { Identities } from '../ledger/identities';
import { subjectStream } from '@ledger/ledger-log';
import { ApiProblems } from '../http/openapi';
import { CODE_PATTERN, SUBJECT_ID_PATTERN, OptionalField, QueryInt } from '../http/validation';
import { DisclosuresPageDto } from './disclosures-log.answers';
import { cutPage, decodeCursor } from '../reports/report-paging';
import { knownState } from '../subjects/subject-views';

export class DisclosuresQueryDto {
  @ApiPropertyOptional({ example: 'state-credit-bureau' })
  @OptionalField()
  @Matches(CODE_PATTERN)
  // A code, as long as a code: the look keeps it in the log, and a query string is kilobytes long.
  @Length(1, 64)
  recipient?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @Matches(SUBJECT_ID_PATTERN)
  subjectId?: string;

  @ApiPropertyOptional({ enum: ['recorded', 'refused'] })
  @OptionalField()
  @IsIn(['recorded', 'refused'])
  outcome?: 'recorded' | 'refused';

  @InstantOrPositionField('Disclosures that happened at or after this instant.')
  from?: string;

  @InstantOrPositionField('Disclosures that happened before this instant.')
  to?: string;

  @InstantOrPositionField('Only what the ledger had recorded by then.')
  knownAt?: string;

  @CursorField('The next cursor of the previous page.')
  cursor?: string;

  @ApiPropertyOptional({ description: '1-1000, default 200' })
  @QueryInt(1, 1000)
  limit?: number;

  @MinPositionField()
  minPosition?: string;
}

export interface DisclosuresPage {
  readonly disclosures: readonly DisclosureEntry[];
  /** Pass as cursor for the next page. */
  readonly next?: string;
  readonly projection: Freshness;
}

export class ListDisclosuresQuery extends Query<DisclosuresPage> {
  constructor(
    readonly params: DisclosuresQueryDto,
    readonly viewer: Principal,
  ) {
    super();
  }
}

@QueryHandler(ListDisclosuresQuery)
export class ListDisclosuresHandler implements IQueryHandler<ListDisclosuresQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
  ) {}

  async execute({ params, viewer }: ListDisclosuresQuery): Promise<DisclosuresPage> {
    const projection = await this.readModels.freshness(params.minPosition);
    // Narrowed to one person, the page is a look at them, recorded in their access stream: a pseudonym
    // the ledger never gave names nobody, and would open a stream under a name the caller chose.
    if (params.subjectId) knownState(this.readModels.side.subjects, params.subjectId);
    const { from, to } = this.readModels.period(params.from, params.to);
    const knownAt =
      params.knownAt !== undefined ? (await this.readModels.moment(undefined, params.knownAt)).knownAt : undefined;
    const limit = params.limit ?? 200;
    const entries = this.readModels.side.disclosures.list({
      ...(params.recipient ? { recipient: params.recipient } : {}),
      ...(params.subjectId ? { subjectId: params.subjectId } : {}),
      ...(params.outcome ? { outcome: params.outcome } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(knownAt ? { knownAt } : {}),
      ...(params.cursor ? { after: decodeCursor(params.cursor, 'disclosures') } : {}),
      limit: limit + 1,
    });
    const { page, next } = cutPage(entries, limit, 'disclosures', (d) => d);
    return {
      // The lending core's references are sealed with each person's key: opened for auditors only.
      // When the person was erased is the deadline reports' to use (it closes a notice), not the log's.
      disclosures: await Promise.all(
        page.map(({ erasedAt: _erasedAt, ...d }) =>
          this.identities.reveal(d, d.subjectId, subjectStream(d.subjectId), viewer),
        ),
      ),
      ...(next ? { next } : {}),
      projection,
    };
  }
}

@ApiTags('queries')
@Controller('v1/disclosures')
export class DisclosuresLogController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...AUDITORS)
  @Get()
  @ApiOperation({ summary: 'The disclosures log: every disclosure and refused attempt, by recipient and period' })
  @ApiOkResponse({ type: DisclosuresPageDto, description: 'A page of disclosures in the order they happened.' })
  @ApiProblems(400, 404)
  @AccessLogged<DisclosuresPage>('disclosures-log', (page, { query }) => {
    const filter = withoutWait(query);
    return typeof filter.subjectId === 'string'
      ? { person: filter.subjectId, parameters: filter }
      : { bulk: true, parameters: filter, records: page.disclosures.length };
  })
  list(@QueryParams() params: DisclosuresQueryDto, @CurrentPrincipal() viewer: Principal) {
    return this.queries.execute(new ListDisclosuresQuery(params, viewer));
  }
}

import { InstantOrPositionField, MinPositionField } from '../http/shared-dtos';
import { QueryInt } from '../http/validation';
import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLogged, withoutWait } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { metadataOf, subjectStream } from '@ledger/ledger-log';
import { Identities } from '../ledger/identities';
import { EVENT_STORE } from '../ledger/tokens';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Freshness, ReadModels } from '../ledger/read-models';
import { ApiProblems } from '../http/openapi';
import { knownState, presentEntry } from './subject-views';
import { TimelineDto } from './subject-answers';

export class TimelineQueryDto {
  @InstantOrPositionField('Only what the ledger had recorded by then. Default: everything.')
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Continue after this stream revision (nextAfterRevision of the previous page).' })
  @QueryInt(-1)
  afterRevision?: number;

  @ApiPropertyOptional({ description: 'Page size, 1-1000 (default 200).' })
  @QueryInt(1, 1000)
  limit?: number;

  @MinPositionField()
  minPosition?: string;
}

export interface TimelineAnswer {
  readonly subjectId: string;
  readonly knownAt?: string;
  readonly events: readonly ReturnType<typeof presentEntry>[];
  /** Pass as afterRevision for the next page. */
  readonly nextAfterRevision?: number;
  readonly projection: Freshness;
}

export class GetTimelineQuery extends Query<TimelineAnswer> {
  constructor(
    readonly subjectId: string,
    readonly params: TimelineQueryDto,
    readonly viewer: Principal,
  ) {
    super();
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The person's stream itself, a page at a time: the log is the timeline. */
  async execute({ subjectId, params, viewer }: GetTimelineQuery): Promise<TimelineAnswer> {
    const projection = await this.readModels.freshness(params.minPosition);
    knownState(this.readModels.side.subjects, subjectId);
    const knownAt =
      params.knownAt !== undefined
        ? (await this.readModels.moment(undefined, params.knownAt, { subjectId })).knownAt
        : undefined;
    const limit = params.limit ?? 200;
    const stream = subjectStream(subjectId);
    const entries = await this.store.readStream(stream, {
      fromRevision: (params.afterRevision ?? -1) + 1,
      maxCount: limit + 1,
    });
    const page = entries.slice(0, limit);
    const shown = page.filter((e) => knownAt === undefined || metadataOf(e).recordedAt <= knownAt);
    const events = await Promise.all(
      shown.map(presentEntry).map((e) => this.identities.reveal(e, subjectId, stream, viewer)),
    );
    return {
      subjectId,
      ...(knownAt ? { knownAt } : {}),
      events,
      ...(entries.length > limit ? { nextAfterRevision: page[page.length - 1].revision } : {}),
      projection,
    };
  }
}

@ApiTags('queries')
@Controller('v1/subjects')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...READERS)
  @Get(':subjectId/timeline')
  @AccessLogged('timeline', (_, { params, query }) => ({ person: params.subjectId, parameters: withoutWait(query) }))
  @ApiOperation({ summary: 'Every event of a person in the order recorded, with both times' })
  @ApiOkResponse({ type: TimelineDto, description: 'A page of the timeline.' })
  @ApiProblems(400, 404)
  timeline(
    @Param('subjectId') subjectId: string,
    @QueryParams() params: TimelineQueryDto,
    @CurrentPrincipal() viewer: Principal,
  ) {
    return this.queries.execute(new GetTimelineQuery(subjectId, params, viewer));
  }
}

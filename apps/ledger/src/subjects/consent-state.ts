import { InstantOrPositionField, MinPositionField } from '../http/shared-dtos';
import { AccessLogged } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueIndex, consentsAt, openLoansAsKnown } from '@ledger/consent-domain';
import { Identities } from '../ledger/identities';
import { subjectStream } from '@ledger/ledger-log';
import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { CATALOGUE } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { EventSummary, knownState, present, summaries } from './subject-views';
import { Freshness, ReadModels } from '../ledger/read-models';
import { ShownIdentity } from '../ledger/identities';
import { ConsentStateDto } from './subject-answers';

export class MomentQueryDto {
  @InstantOrPositionField('The moment asked about (ISO-8601 with zone). Default: now.')
  at?: string;

  @InstantOrPositionField('Answer as the ledger knew it at this moment. Default: now.')
  knownAt?: string;

  @MinPositionField()
  minPosition?: string;
}

export interface ConsentStateAnswer {
  readonly subjectId: string;
  readonly subject: ShownIdentity;
  readonly at: string;
  readonly knownAt: string;
  readonly consents: readonly ReturnType<typeof present>[];
  readonly openLoans: readonly string[];
  readonly events: readonly EventSummary[];
  readonly projection: Freshness;
}

export class GetConsentStateQuery extends Query<ConsentStateAnswer> {
  constructor(
    readonly subjectId: string,
    readonly params: MomentQueryDto,
    readonly viewer: Principal,
  ) {
    super();
  }
}

@QueryHandler(GetConsentStateQuery)
export class GetConsentStateHandler implements IQueryHandler<GetConsentStateQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
  ) {}

  async execute({ subjectId, params, viewer }: GetConsentStateQuery): Promise<ConsentStateAnswer> {
    const moment = await this.readModels.moment(params.at, params.knownAt, { subjectId });
    const projection = await this.readModels.freshness(params.minPosition);
    const { subjects, policies } = this.readModels.side;
    const state = knownState(subjects, subjectId);
    const views = consentsAt(state, policies.book(), this.catalogue, moment);
    return {
      subjectId,
      subject: await this.identities.show(subjectId, state, viewer),
      at: moment.at,
      knownAt: moment.knownAt,
      consents: await this.identities.reveal(views.map(present), subjectId, subjectStream(subjectId), viewer),
      openLoans: await this.identities.reveal(
        openLoansAsKnown(state, moment),
        subjectId,
        subjectStream(subjectId),
        viewer,
      ),
      events: summaries(state, [...new Set(views.flatMap((v) => v.justifiedBy))]),
      projection,
    };
  }
}

@ApiTags('queries')
@Controller('v1/subjects')
export class ConsentStateController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...READERS)
  @Get(':subjectId/consents')
  @ApiOperation({
    summary: 'What consent a person had at T, as the ledger knew it at T′',
    description: 'Each consent with its status, what it still covers, and the events that justify it.',
  })
  @ApiOkResponse({ type: ConsentStateDto, description: 'The consents given by T and known by T′.' })
  @ApiProblems(400, 404)
  @AccessLogged<ConsentStateAnswer>('consent-state', (answer) => ({
    person: answer.subjectId,
    parameters: { at: answer.at, knownAt: answer.knownAt },
  }))
  state(
    @Param('subjectId') subjectId: string,
    @QueryParams() params: MomentQueryDto,
    @CurrentPrincipal() viewer: Principal,
  ) {
    return this.queries.execute(new GetConsentStateQuery(subjectId, params, viewer));
  }
}

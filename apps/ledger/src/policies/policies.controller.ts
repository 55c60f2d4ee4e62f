import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PolicyState } from '@ledger/consent-domain';
import { Freshness, ReadModels } from '../ledger/read-models';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { policyIdFromPath } from '../http/validation';
import { MomentQueryDto } from '../subjects/consent-state';
import { PoliciesDto } from './policies.answers';

export interface PoliciesAnswer {
  readonly at: string;
  readonly knownAt: string;
  readonly policies: readonly ReturnType<typeof describe>[];
  readonly projection: Freshness;
}

export class ListPoliciesQuery extends Query<PoliciesAnswer> {
  constructor(
    readonly policyId: string | undefined,
    readonly params: MomentQueryDto,
  ) {
    super();
  }
}

@QueryHandler(ListPoliciesQuery)
export class ListPoliciesHandler implements IQueryHandler<ListPoliciesQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ policyId, params }: ListPoliciesQuery): Promise<PoliciesAnswer> {
    const moment = await this.readModels.moment(params.at, params.knownAt);
    const projection = await this.readModels.freshness(params.minPosition);
    const book = this.readModels.side.policies.book();
    const ids = policyId === undefined ? Object.keys(book).sort() : [policyId];
    // Own entries only: /v1/policies/constructor found the book's inherited constructor and answered 500.
    if (policyId !== undefined && !Object.hasOwn(book, policyId))
      throw new ProblemException('unknown-policy', `no policy ${policyId}`);
    return {
      at: moment.at,
      knownAt: moment.knownAt,
      policies: ids.map((id) => describe(id, book[id], moment)),
      projection,
    };
  }
}

/** A policy's versions as known at T′, and which one was in force at T. */
function describe(policyId: string, state: PolicyState, moment: { at: string; knownAt: string }) {
  const known = state.versions.filter((v) => v.recordedAt <= moment.knownAt);
  const inForce = [...known].reverse().find((v) => v.effectiveFrom <= moment.at);
  const requiredMaterial = [...known].reverse().find((v) => v.materialChange && v.effectiveFrom <= moment.at);
  return {
    policyId,
    inForce: inForce?.version ?? null,
    latestMaterialChangeInForce: requiredMaterial?.version ?? null,
    versions: known.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      materialChange: v.materialChange,
      texts: v.texts,
      ...(v.summary ? { summary: v.summary } : {}),
      publishedAt: v.occurredAt,
      recordedAt: v.recordedAt,
      eventId: v.eventId,
    })),
  };
}

@ApiTags('queries')
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...EVERYONE)
  @Get()
  @ApiOperation({ summary: 'Every policy with its versions and the one in force at T' })
  @ApiOkResponse({ type: PoliciesDto, description: 'Policies as known at T′.' })
  @ApiProblems(400)
  list(@QueryParams() params: MomentQueryDto) {
    return this.queries.execute(new ListPoliciesQuery(undefined, params));
  }

  @Allow(...EVERYONE)
  @Get(':policyId')
  @ApiOperation({ summary: 'One policy’s versions and the one in force at T' })
  @ApiOkResponse({ type: PoliciesDto, description: 'The policy as known at T′.' })
  @ApiProblems(400, 404)
  one(@Param('policyId') policyId: string, @QueryParams() params: MomentQueryDto) {
    return this.queries.execute(new ListPoliciesQuery(policyIdFromPath(policyId), params));
  }
}

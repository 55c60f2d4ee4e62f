import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CatalogueIndex, consentsAt, CoverageAnswer, coverageAt } from '@ledger/consent-domain';
import { AccessLogged, withoutWait } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { ApiProblems } from '../http/openapi';
import { Freshness, ReadModels } from '../ledger/read-models';
import { CATALOGUE } from '../ledger/tokens';
import { MomentQueryDto } from './consent-state';
import { DisclosureBasisDto, FreshnessDto, ReasonDto } from '../http/answer-dtos';
import { assertSubjectId, knownState } from './subject-views';

/** One cell: may this category go for this purpose to this recipient (absent: the lender itself)? */
export class MatrixCellDto {
  @ApiProperty() purpose!: string;
  @ApiPropertyOptional({ description: 'Absent: the lender’s own processing.' }) recipient?: string;
  @ApiProperty() dataCategory!: string;
  @ApiProperty() allowed!: boolean;
  @ApiPropertyOptional({ type: DisclosureBasisDto }) basis?: DisclosureBasisDto;
  @ApiProperty({ type: [ReasonDto] }) reasons!: ReasonDto[];
  @ApiProperty({ type: [String] }) justifiedBy!: string[];
}

export class MatrixDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty() at!: string;
  @ApiProperty() knownAt!: string;
  @ApiProperty({ type: [MatrixCellDto] }) cells!: MatrixCellDto[];
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

export interface MatrixCell extends Pick<CoverageAnswer, 'allowed' | 'basis' | 'reasons' | 'justifiedBy'> {
  readonly purpose: string;
  readonly recipient?: string;
  readonly dataCategory: string;
}

export interface MatrixAnswer {
  readonly subjectId: string;
  readonly at: string;
  readonly knownAt: string;
  readonly cells: readonly MatrixCell[];
  readonly projection: Freshness;
}

export class GetConsentMatrixQuery extends Query<MatrixAnswer> {
  constructor(
    readonly subjectId: string,
    readonly params: MomentQueryDto,
  ) {
    super();
  }
}

/**
 * The check (`coverageAt`, the rule every other answer uses) asked for each purpose × recipient
 * × data category the person's consents name, and for the recipients the catalogue gives a legal
 * basis for those purposes: one answer per cell, so a page never works the rule out again.
 */
@QueryHandler(GetConsentMatrixQuery)
export class GetConsentMatrixHandler implements IQueryHandler<GetConsentMatrixQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
  ) {}

  async execute({ subjectId, params }: GetConsentMatrixQuery): Promise<MatrixAnswer> {
    const moment = await this.readModels.moment(params.at, params.knownAt, { subjectId });
    const projection = await this.readModels.freshness(params.minPosition);
    const { subjects, policies } = this.readModels.side;
    // Someone the ledger holds nothing about has no matrix: the look would be recorded in a stream of
    // their own, access-<whatever 32 hex digits were sent>, kept for good.
    const state = knownState(subjects, subjectId);
    const cells: MatrixCell[] = [];
    const book = policies.book();
    // What the consents known at T′ and given by T name, whatever their standing at T.
    const consents = consentsAt(state, book, this.catalogue, moment).map((c) => c.grant);
    const purposes = [...new Set(consents.flatMap((c) => c.purposes))];
    const categories = [...new Set(consents.flatMap((c) => c.dataCategories))];
    const named = new Set(consents.flatMap((c) => c.recipients));
    // One moment for every cell: the consents' views are worked out once, not once per cell.
    const check = coverageAt(state, book, this.catalogue, moment);
    for (const purpose of purposes) {
      const withBasis = this.catalogue.catalogue.recipients
        .filter((r) => r.legalBases.some((b) => b.purposes.includes(purpose)))
        .map((r) => r.code);
      for (const recipient of [undefined, ...new Set([...named, ...withBasis])]) {
        for (const dataCategory of categories) {
          const answer = check({ purpose, ...(recipient ? { recipient } : {}), dataCategories: [dataCategory] });
          cells.push({
            purpose,
            ...(recipient ? { recipient } : {}),
            dataCategory,
            allowed: answer.allowed,
            ...(answer.basis ? { basis: answer.basis } : {}),
            reasons: answer.reasons,
            justifiedBy: answer.justifiedBy,
          });
        }
      }
    }
    return { subjectId, at: moment.at, knownAt: moment.knownAt, cells, projection };
  }
}

@ApiTags('queries')
@Controller('v1')
export class ConsentMatrixController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...READERS)
  @Get('subjects/:subjectId/matrix')
  @ApiOperation({
    summary: 'Every purpose × recipient × data category the person’s consents name: allowed or not at T as known at T′',
    description: 'Each cell is the answer of the check for that one category, with its basis or its reasons.',
  })
  @ApiOkResponse({ type: MatrixDto })
  @ApiProblems(400, 404)
  @AccessLogged<MatrixAnswer>('consent-matrix', (answer, { query }) => ({
    person: answer.subjectId,
    parameters: withoutWait(query),
  }))
  matrix(@Param('subjectId') subjectId: string, @QueryParams() params: MomentQueryDto) {
    assertSubjectId(subjectId);
    return this.queries.execute(new GetConsentMatrixQuery(subjectId, params));
  }
}

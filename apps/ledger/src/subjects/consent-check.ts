import { AccessLogged, Look } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  IntersectionType,
  OmitType,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { CatalogueIndex, checkCoverage, CoverageAnswer, initialSubjectState } from '@ledger/consent-domain';
import { Freshness, ReadModels } from '../ledger/read-models';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CATALOGUE } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { PersonRefDto, CodeList } from '../http/shared-dtos';
import { CODE_PATTERN, OptionalField } from '../http/validation';
import { MomentQueryDto } from './consent-state';
import { assertSubjectId, EventSummary, summaries } from './subject-views';
import { CheckAnswerDto } from './subject-answers';

export class CheckQueryDto extends MomentQueryDto {
  @ApiProperty({ example: 'credit-and-pension-checks' })
  @Matches(CODE_PATTERN, { message: 'purpose must be a catalogue code' })
  purpose!: string;

  @ApiPropertyOptional({ example: 'first-credit-bureau', description: 'Absent: the lender’s own processing.' })
  @OptionalField()
  @Matches(CODE_PATTERN, { message: 'recipient must be a catalogue code' })
  recipient?: string;

  @ApiProperty({ example: ['iin', 'full-name'], description: 'In a query string: comma-separated.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((v) => v !== '') : value))
  @CodeList('data category', { nonEmpty: true })
  dataCategories!: string[];

  @ApiPropertyOptional({
    example: 'microcredit-reporting',
    description: 'A legal basis other than consent to check instead.',
  })
  @OptionalField()
  @Matches(CODE_PATTERN, { message: 'legalBasis must be a catalogue code' })
  legalBasis?: string;
}

/** The check in a JSON body: there a list is a JSON array, never a comma-separated string. */
export class CheckBodyDto extends IntersectionType(OmitType(CheckQueryDto, ['dataCategories']), PersonRefDto) {
  @ApiProperty({ example: ['iin', 'full-name'] })
  @CodeList('data category', { nonEmpty: true })
  dataCategories!: string[];
}

export interface CheckAnswer extends CoverageAnswer {
  readonly subjectId?: string;
  readonly purpose: string;
  readonly recipient?: string;
  readonly dataCategories: readonly string[];
  readonly legalBasis?: string;
  readonly at: string;
  readonly knownAt: string;
  readonly events: readonly EventSummary[];
  readonly projection: Freshness;
}

/** The answer, and whether the ledger knows the person at all (a check on nobody is a miss). */
export interface CheckOutcome {
  readonly body: CheckAnswer;
  readonly known: boolean;
}

export class CheckConsentQuery extends Query<CheckOutcome> {
  constructor(
    /** Absent for an IIN the ledger does not know. */
    readonly subjectId: string | undefined,
    readonly params: CheckQueryDto,
  ) {
    super();
  }
}

@QueryHandler(CheckConsentQuery)
export class CheckConsentHandler implements IQueryHandler<CheckConsentQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
  ) {}

  async execute({ subjectId, params }: CheckConsentQuery): Promise<CheckOutcome> {
    if (subjectId !== undefined) assertSubjectId(subjectId);
    const question = {
      purpose: params.purpose,
      ...(params.recipient ? { recipient: params.recipient } : {}),
      dataCategories: [...new Set(params.dataCategories)],
      ...(params.legalBasis ? { legalBasis: params.legalBasis } : {}),
    };
    this.catalogue.assertKnown({
      purposes: [question.purpose],
      recipients: question.recipient ? [question.recipient] : undefined,
      dataCategories: question.dataCategories,
      legalBases: question.legalBasis ? [question.legalBasis] : undefined,
    });
    const moment = await this.readModels.moment(params.at, params.knownAt, { subjectId });
    const projection = await this.readModels.freshness(params.minPosition);
    const { subjects, policies } = this.readModels.side;
    // A person the ledger has never heard of simply has no consent.
    const found = subjectId === undefined ? undefined : subjects.state(subjectId);
    const state = found?.state ?? initialSubjectState();
    const answer = checkCoverage(state, policies.book(), this.catalogue, { ...question, ...moment });
    const body = {
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...question,
      at: moment.at,
      knownAt: moment.knownAt,
      ...answer,
      events: summaries(state, answer.justifiedBy),
      projection,
    };
    return { body, known: found !== undefined };
  }
}

@ApiTags('queries')
@Controller('v1')
export class ConsentCheckController {
  constructor(
    private readonly queries: QueryBus,
    private readonly subjects: SubjectLedger,
  ) {}

  @Allow('lending-core', ...READERS)
  @Get('subjects/:subjectId/check')
  @ApiOperation({
    summary:
      'Yes or no: may (purpose, recipient, data categories) be processed at T, as known at T′, and on what basis',
  })
  @ApiOkResponse({
    type: CheckAnswerDto,
    description:
      'allowed, the basis (consents per category, or the legal basis), reasons when not, and the events behind it.',
  })
  @ApiProblems(400)
  @AccessLogged('consent-check', lookOfCheck, answerOfCheck)
  check(@Param('subjectId') subjectId: string, @QueryParams() params: CheckQueryDto) {
    assertSubjectId(subjectId);
    return this.queries.execute(new CheckConsentQuery(subjectId, params));
  }

  @Allow('lending-core', ...READERS)
  @Post('consent-checks')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same check, with the person named by IIN in the body (never in a URL)' })
  @ApiOkResponse({ type: CheckAnswerDto, description: 'As GET /v1/subjects/{subjectId}/check.' })
  @ApiProblems(400)
  @AccessLogged('consent-check', lookOfCheck, answerOfCheck)
  async checkByBody(@Body() body: CheckBodyDto) {
    if ((body.iin === undefined) === (body.subjectId === undefined)) {
      throw new ProblemException('invalid-request', 'name the person by exactly one of iin and subjectId', {}, [
        { field: 'iin', code: 'exactly-one', message: 'give iin or subjectId, not both and not neither' },
      ]);
    }
    const { iin, subjectId, ...params } = body;
    const id = subjectId ?? (await this.subjects.lookup(iin!));
    return this.queries.execute(new CheckConsentQuery(id, params as CheckQueryDto));
  }
}

/** A check on someone the ledger does not know names nobody: it is logged as a miss. */
function lookOfCheck({ body, known }: CheckOutcome): Look {
  if (!known || body.subjectId === undefined) return { miss: true };
  const { purpose, recipient, dataCategories, at, knownAt } = body;
  return { person: body.subjectId, parameters: { purpose, recipient, dataCategories, at, knownAt } };
}

function answerOfCheck({ body }: CheckOutcome): CheckAnswer {
  return body;
}

import { Allow, READERS } from '../auth/roles';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueIndex, consentReceipt, consentsAt, controllerDetails } from '@ledger/consent-domain';
import { LedgerConfig } from '../config/ledger-config';
import { ReadModels } from '../ledger/read-models';
import { CATALOGUE, LEDGER_CONFIG } from '../ledger/tokens';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { knownState } from './subject-views';

export class GetReceiptQuery extends Query<unknown> {
  constructor(
    readonly subjectId: string,
    readonly consentId: string,
  ) {
    super();
  }
}

@QueryHandler(GetReceiptQuery)
export class GetReceiptHandler implements IQueryHandler<GetReceiptQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ subjectId, consentId }: GetReceiptQuery) {
    const { subjects, policies } = this.readModels.side;
    const state = knownState(subjects, subjectId);
    const now = this.readModels.moment();
    const book = policies.book();
    const consent = consentsAt(state, book, this.catalogue, { at: now.knownAt, knownAt: now.knownAt }).find(
      (v) => v.consentId === consentId,
    );
    if (!consent) throw new ProblemException('unknown-consent', `no consent ${consentId} for subject ${subjectId}`);
    const shown = consent.grant.policyShown;
    return consentReceipt({
      consent,
      catalogue: this.catalogue,
      policyShown: book[shown.policyId]?.versions.find((v) => v.version === shown.version),
      controller: controllerDetails(this.catalogue, this.config.operator),
      subject: { subjectId },
      issuedAt: now.knownAt,
      jurisdiction: 'KZ',
      purposesAchieved: state.purposesAchieved.filter((a) => a.consentId === consentId),
    });
  }
}

@ApiTags('queries')
@Controller('v1/subjects')
export class ConsentReceiptController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...READERS)
  @Get(':subjectId/consents/:consentId/receipt')
  @ApiOperation({
    summary:
      'A receipt for one consent: Kantara Consent Receipt v1.1 fields, an ISO/IEC TS 27560 record, and the content Law 94-V Art. 8(4) requires',
  })
  @ApiOkResponse({ description: 'The receipt as of now.' })
  @ApiProblems(400, 404)
  receipt(@Param('subjectId') subjectId: string, @Param('consentId') consentId: string) {
    return this.queries.execute(new GetReceiptQuery(subjectId, consentId));
  }
}

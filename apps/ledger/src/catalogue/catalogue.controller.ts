import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiProblems } from '../http/openapi';
import { NoQueryParameters } from '../http/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueIndex, REASON_LABELS } from '@ledger/consent-domain';
import { CATALOGUE } from '../ledger/tokens';
import { CatalogueDto } from './catalogue.answers';

@ApiTags('queries')
@Controller('v1/catalogue')
export class CatalogueController {
  private readonly answer: object;

  constructor(@Inject(CATALOGUE) catalogue: CatalogueIndex) {
    // The reasons the ledger gives for a refusal, in words a person reads, beside the policy's codes.
    const reasons = Object.entries(REASON_LABELS).map(([code, labels]) => ({ code, labels }));
    this.answer = { ...catalogue.catalogue, reasons };
  }

  @Allow(...EVERYONE)
  @Get()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({
    summary:
      'The catalogue of purposes, data categories, recipients and legal bases, from the lender’s policy, and what each refusal reason means',
    description:
      'Labels in Kazakh, Russian and English; each recipient’s country and the legal bases that allow disclosure to it without consent.',
  })
  @ApiOkResponse({ type: CatalogueDto, description: 'The catalogue, with its version.' })
  @ApiProblems(400)
  get(@Query(NoQueryParameters) _query: object) {
    return this.answer;
  }
}

import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueIndex } from '@ledger/consent-domain';
import { CATALOGUE } from '../ledger/tokens';
import { CatalogueDto } from './catalogue.answers';

@ApiTags('queries')
@Controller('v1/catalogue')
export class CatalogueController {
  constructor(@Inject(CATALOGUE) private readonly catalogue: CatalogueIndex) {}

  @Allow(...EVERYONE)
  @Get()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({
    summary: 'The catalogue of purposes, data categories, recipients and legal bases, from the lender’s policy',
    description:
      'Labels in Kazakh, Russian and English; each recipient’s country and the legal bases that allow disclosure to it without consent.',
  })
  @ApiOkResponse({ type: CatalogueDto, description: 'The catalogue, with its version.' })
  get() {
    return this.catalogue.catalogue;
  }
}

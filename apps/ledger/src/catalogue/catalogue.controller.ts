import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProblems } from '../http/openapi';
import { NoQueryParameters } from '../http/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueDto } from './catalogue.answers';
import { GetCatalogueQuery } from './catalogue.queries';

@ApiTags('queries')
@Controller('v1/catalogue')
export class CatalogueController {
  constructor(private readonly queries: QueryBus) {}

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
    return this.queries.execute(new GetCatalogueQuery());
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { CurrentPrincipal } from '../auth/principal';
import { Allow, AUDITORS, Principal } from '../auth/roles';
import { ApiProblems } from '../http/openapi';
import { SUBJECT_ID_PATTERN, OptionalField, QueryInt } from '../http/validation';
import { CursorField, InstantOrPositionField, ReadYourWritesQueryDto } from '../http/shared-dtos';
import { AccessLogged } from './access-log';
import { GetAccessReportQuery, ListAccessLogQuery } from './access-log.queries';
import { AccessLogPageDto, AccessReportDto } from './access-log.answers';

// Like every query of the read models, it waits for a command's position when asked (minPosition).
export class AccessQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional()
  @OptionalField()
  @Matches(SUBJECT_ID_PATTERN)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Only looks by this token subject.' })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  accessor?: string;

  @InstantOrPositionField()
  from?: string;

  @InstantOrPositionField()
  to?: string;

  @ApiPropertyOptional({ description: '1-5000, default 500. Follow `next` for the rest.' })
  @QueryInt(1, 5000)
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class AccessReportQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({
    description: '1-5000, default 1000: entries of both lists together. Follow `next` for the rest.',
  })
  @QueryInt(1, 5000)
  limit?: number;

  @CursorField()
  cursor?: string;
}

/** Who looked at personal data, when, under which role, why, and what they were shown. */
@ApiTags('audit')
@Controller('v1')
export class AccessLogController {
  constructor(private readonly queries: QueryBus) {}

  @Allow(...AUDITORS)
  @Get('access-log')
  @ApiOperation({ summary: 'Every recorded look at personal data, for auditors' })
  @ApiOkResponse({ type: AccessLogPageDto, description: 'Entries with the stated reasons.' })
  @ApiProblems(400, 404)
  // Narrowed to one person, it shows the looks at them and the reasons given (sealed with their key):
  // a look at that person, in their access stream — not a read across many people, which every other
  // person's access report would list with this one's pseudonym in its parameters.
  @AccessLogged<{ entries: unknown[] }>('access-log', (page, { query }) =>
    typeof query.subjectId === 'string'
      ? { person: query.subjectId, parameters: { ...query } }
      : { bulk: true, parameters: { ...query }, records: page.entries.length },
  )
  log(@Query() query: AccessQueryDto, @CurrentPrincipal() viewer: Principal) {
    return this.queries.execute(new ListAccessLogQuery(query, viewer));
  }

  // Not support: the report shows other staff and the reasons they gave.
  @Allow(...AUDITORS)
  @Get('subjects/:subjectId/access-report')
  @ApiOperation({
    summary: 'A person’s own access report: who looked at their data, when and why (Law 94-V Art. 24)',
    description: 'Looks at this person, and reads across many people made since their first record.',
  })
  @ApiOkResponse({ type: AccessReportDto })
  @ApiProblems(400, 404)
  @AccessLogged('access-report', (_, { params }) => ({ person: params.subjectId, parameters: {} }))
  report(
    @Param('subjectId') subjectId: string,
    @CurrentPrincipal() viewer: Principal,
    @Query() query: AccessReportQueryDto,
  ) {
    return this.queries.execute(new GetAccessReportQuery(subjectId, query, viewer));
  }
}

import { InstantOrPositionField } from '../http/shared-dtos';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AUDITORS, Allow } from '../auth/roles';
import { ApiProblems, POSITION_NOT_IN_LOG } from '../http/openapi';
import { QueryInt } from '../http/validation';
import { AccessLogged } from '../access-log/access-log';
import { ChangesPageDto } from './notifications.answers';
import { ReadChangesQuery } from './notifications.queries';

export class ChangesQueryDto {
  @InstantOrPositionField('The `next` of the previous page (exclusive); absent: from the start.')
  after?: string;

  @ApiPropertyOptional({ description: '1-1000, default 100' })
  @QueryInt(1, 1000)
  limit?: number;
}

/** The pull feed: the same notifications the webhooks send, for consumers that prefer polling. */
@ApiTags('notifications')
@Controller('v1/changes')
export class ChangesController {
  constructor(private readonly queries: QueryBus) {}

  @Allow('lending-core', 'compliance-admin', ...AUDITORS)
  @Get()
  @ApiOperation({
    summary: 'Notifications in log order, after a position',
    description:
      'Withdrawals (whole or partial), refused withdrawals, material policy versions needing re-acceptance, ' +
      'deadlines approaching or passed (Law 94-V Art. 8(7), Art. 19), erasures. Each names a person only by ' +
      'their pseudonym and carries codes; its `id` is stable (the webhook-id of the same notification). ' +
      'Pass `next` back as `after` to continue.',
  })
  @ApiOkResponse({ type: ChangesPageDto })
  @ApiProblems(400, [404, `after is ${POSITION_NOT_IN_LOG} (problem+json)`])
  // Pseudonyms are personal data too: every page that holds any is a bulk look, counted by what it held.
  @AccessLogged<{ changes: unknown[] }>('changes', (page, { query }) =>
    page.changes.length === 0 ? { none: true } : { bulk: true, parameters: { ...query }, records: page.changes.length },
  )
  changes(@Query() params: ChangesQueryDto) {
    return this.queries.execute(new ReadChangesQuery(params.after, params.limit ?? 100));
  }
}

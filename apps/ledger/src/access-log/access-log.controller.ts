import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { EventStore } from '@ledger/event-store';
import { metadataOf, subjectStream } from '@ledger/ledger-log';
import { AccessEntry } from '@ledger/projections';
import { CurrentPrincipal } from '../auth/principal';
import { Allow, AUDITORS, Principal } from '../auth/roles';
import { ReadModels } from '../ledger/read-models';
import { EVENT_STORE } from '../ledger/tokens';
import { Identities } from '../ledger/identities';
import { ApiProblems } from '../http/openapi';
import { SUBJECT_ID_PATTERN, OptionalField, QueryInt } from '../http/validation';
import { CursorField, ReadYourWritesQueryDto } from '../http/shared-dtos';
import { knownState } from '../subjects/subject-views';
import { AccessLogged, accessStream, BULK } from './access-log';
import { AccessLogPageDto, AccessReportDto } from './access-log.answers';
import { decodeCursor, encodeCursor } from '../reports/report-paging';

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

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @Length(1, 64)
  from?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @Length(1, 64)
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
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

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
  async log(@Query() query: AccessQueryDto, @CurrentPrincipal() viewer: Principal) {
    const limit = query.limit ?? 500;
    const projection = await this.readModels.freshness(query.minPosition);
    // Narrowed to one person, it is a look at them, in their access stream: a pseudonym the ledger never
    // gave names nobody, and would open a stream under a name the caller chose.
    if (query.subjectId) knownState(this.readModels.side.subjects, query.subjectId);
    // Oldest first and never cut short: one more than asked tells whether a next page exists.
    const entries = this.readModels.side.access.list({
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(query.accessor ? { accessor: query.accessor } : {}),
      ...this.readModels.period(query.from, query.to),
      ...(query.cursor ? { after: this.afterCursor(query.cursor, 'access-log') } : {}),
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: await Promise.all(page.map((e) => this.withReason(e, viewer))),
      ...(entries.length > limit
        ? { next: encodeCursor({ occurredAt: last.at, eventId: last.eventId }, 'access-log') }
        : {}),
      projection,
    };
  }

  private afterCursor(cursor: string, list: string) {
    const { occurredAt, eventId } = decodeCursor(cursor, list);
    return { at: occurredAt, eventId };
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
  async report(
    @Param('subjectId') subjectId: string,
    @CurrentPrincipal() viewer: Principal,
    @Query() query: AccessReportQueryDto,
  ) {
    const projection = await this.readModels.freshness(query.minPosition);
    knownState(this.readModels.side.subjects, subjectId);
    // Their first record of any kind (a refused disclosure or a loan may come before any consent):
    // a read across many people since then may have held them.
    const [first] = await this.store.readStream(subjectStream(subjectId), { fromRevision: 0, maxCount: 1 });
    const since = first ? metadataOf(first).recordedAt : undefined;
    // The person's right to know the facts of processing (Art. 24(1)): every entry, page by page, in
    // the order they happened — never cut short, and never all at once: every poll of the changes feed
    // is a read across many people, so a year of them would not fit in one answer.
    const limit = query.limit ?? 1000;
    const after = query.cursor ? this.afterCursor(query.cursor, 'access-report') : undefined;
    const { access } = this.readModels.side;
    const looks = access.list({ subjectId, ...(after ? { after } : {}), limit: limit + 1 });
    const bulk = access.list({
      bulkOnly: true,
      ...(since ? { from: since } : {}),
      ...(after ? { after } : {}),
      limit: limit + 1,
    });
    // Both lists in the access log's own order (when, then event id); one more than asked says whether more follow.
    const entries = [...looks, ...bulk].sort(inLogOrder).slice(0, limit + 1);
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      subjectId,
      looks: await Promise.all(page.filter((e) => e.subjectId === subjectId).map((e) => this.withReason(e, viewer))),
      readsAcrossManyPeople: page.filter((e) => e.subjectId === undefined).map(({ reason: _sealed, ...e }) => e),
      ...(entries.length > limit
        ? { next: encodeCursor({ occurredAt: last.at, eventId: last.eventId }, 'access-report') }
        : {}),
      projection,
    };
  }

  /** Opens the stated reason with its owner's key; an erased person's reasons are gone with them. */
  private async withReason(entry: AccessEntry, viewer: Principal) {
    const owner = entry.subjectId ?? BULK;
    return this.identities.reveal(entry, owner, accessStream(owner), { ...viewer, role: 'auditor' });
  }
}

const inLogOrder = (a: AccessEntry, b: AccessEntry): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;

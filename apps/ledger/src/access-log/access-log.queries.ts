import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@ledger/event-store';
import { metadataOf, subjectStream } from '@ledger/ledger-log';
import { AccessEntry } from '@ledger/projections';
import { Principal } from '../auth/roles';
import { Identities } from '../ledger/identities';
import { Freshness, ReadModels } from '../ledger/read-models';
import { EVENT_STORE } from '../ledger/tokens';
import { cutPage, decodeCursor } from '../reports/report-paging';
import { knownState } from '../subjects/subject-views';
import { accessStream, BULK } from './access-log';
import type { AccessQueryDto, AccessReportQueryDto } from './access-log.controller';

/** A page of the access log (AccessLogPageDto), each stated reason opened for the auditor. */
export interface AccessLogPage {
  readonly entries: AccessEntry[];
  readonly next?: string;
  readonly projection: Freshness;
}

/** A person's access report (AccessReportDto): looks at them, and reads across many people since their first record. */
export interface AccessReport {
  readonly subjectId: string;
  readonly looks: AccessEntry[];
  readonly readsAcrossManyPeople: Omit<AccessEntry, 'reason'>[];
  readonly next?: string;
  readonly projection: Freshness;
}

export class ListAccessLogQuery extends Query<AccessLogPage> {
  constructor(
    readonly params: AccessQueryDto,
    readonly viewer: Principal,
  ) {
    super();
  }
}

export class GetAccessReportQuery extends Query<AccessReport> {
  constructor(
    readonly subjectId: string,
    readonly params: AccessReportQueryDto,
    readonly viewer: Principal,
  ) {
    super();
  }
}

@QueryHandler(ListAccessLogQuery)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLogQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
  ) {}

  async execute({ params: query, viewer }: ListAccessLogQuery): Promise<AccessLogPage> {
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
      ...(query.cursor ? { after: afterCursor(query.cursor, 'access-log') } : {}),
      limit: limit + 1,
    });
    const { page, next } = cutPage(entries, limit, 'access-log', keyOf);
    return {
      entries: await Promise.all(page.map((e) => withReason(this.identities, e, viewer))),
      ...(next ? { next } : {}),
      projection,
    };
  }
}

@QueryHandler(GetAccessReportQuery)
export class GetAccessReportHandler implements IQueryHandler<GetAccessReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ subjectId, params: query, viewer }: GetAccessReportQuery): Promise<AccessReport> {
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
    const after = query.cursor ? afterCursor(query.cursor, 'access-report') : undefined;
    const { access } = this.readModels.side;
    const looks = access.list({ subjectId, ...(after ? { after } : {}), limit: limit + 1 });
    const bulk = access.list({
      bulkOnly: true,
      ...(since ? { from: since } : {}),
      ...(after ? { after } : {}),
      limit: limit + 1,
    });
    // Both lists in the access log's own order (when, then event id); one more than asked says whether more follow.
    const { page, next } = cutPage([...looks, ...bulk].sort(inLogOrder), limit, 'access-report', keyOf);
    return {
      subjectId,
      looks: await Promise.all(
        page.filter((e) => e.subjectId === subjectId).map((e) => withReason(this.identities, e, viewer)),
      ),
      readsAcrossManyPeople: page.filter((e) => e.subjectId === undefined).map(({ reason: _sealed, ...e }) => e),
      ...(next ? { next } : {}),
      projection,
    };
  }
}

const keyOf = (entry: AccessEntry) => ({ occurredAt: entry.at, eventId: entry.eventId });

function afterCursor(cursor: string, list: string) {
  const { occurredAt, eventId } = decodeCursor(cursor, list);
  return { at: occurredAt, eventId };
}

/** Opens the stated reason with its owner's key; an erased person's reasons are gone with them. */
function withReason(identities: Identities, entry: AccessEntry, viewer: Principal) {
  const owner = entry.subjectId ?? BULK;
  return identities.reveal(entry, owner, accessStream(owner), { ...viewer, role: 'auditor' });
}

const inLogOrder = (a: AccessEntry, b: AccessEntry): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;

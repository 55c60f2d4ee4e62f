import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  CatalogueIndex,
  consentsAt,
  controllerDetails,
  erasureDueAt,
  explained,
  Instant,
  Labels,
  refusalHoldsAsKnown,
  retentionYears,
  ConsentView,
  scopesTaken,
  SubjectState,
  WithdrawalRefused,
  WithdrawalScope,
} from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { metadataOf, subjectStream } from '@ledger/ledger-log';
import { AccessLogged, Look } from '../access-log/access-log';
import { CurrentPrincipal } from '../auth/principal';
import { Allow, Principal, READERS } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { MinPositionField, PersonRefDto } from '../http/shared-dtos';
import { OptionalField } from '../http/validation';
import { Identities } from '../ledger/identities';
import { ReadModels } from '../ledger/read-models';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CATALOGUE, EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { knownState, present } from '../subjects/subject-views';
import { pageOf } from '../reports/report-paging';
import { SubjectReportDto } from './subject-report.answers';

const REPORT_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export class SubjectReportQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_LANGUAGES,
    description: 'Default: the language of the consent the person gave last (by when it was given).',
  })
  @OptionalField()
  @IsIn([...REPORT_LANGUAGES])
  language?: ReportLanguage;

  @MinPositionField()
  minPosition?: string;
}

export class SubjectReportBodyDto extends IntersectionType(SubjectReportQueryDto, PersonRefDto) {}

/** The report as the handler builds it (its schema is SubjectReportDto, held to it by the response tests). */
export type SubjectReport = Awaited<ReturnType<GetSubjectReportHandler['build']>>;

export class GetSubjectReportQuery extends Query<SubjectReport> {
  constructor(
    readonly subjectId: string,
    readonly language: ReportLanguage | undefined,
    readonly viewer: Principal,
    readonly minPosition?: string,
  ) {
    super();
  }
}

/**
 * The person's own report (Law 94-V Art. 24(1)): what the lender holds about them and to whom it
 * went — their consents and what each covers now, the policy versions they accepted, every
 * disclosure (recipient, when, which data, on what basis) and every refusal. Built from the same
 * read models as every other answer; labels from the catalogue in the person's language.
 */
@QueryHandler(GetSubjectReportQuery)
export class GetSubjectReportHandler implements IQueryHandler<GetSubjectReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly identities: Identities,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ subjectId, language, viewer, minPosition }: GetSubjectReportQuery): Promise<SubjectReport> {
    return this.build(subjectId, language, viewer, minPosition);
  }

  /** How long the data is kept (Art. 24(1)): the periods that apply, and the date once the relationship ended. */
  /** The operator named as the policy names it in the report's language (Law 94-V Art. 8(4)(1)). */
  private operatorIn(lang: ReportLanguage) {
    const { names, ...operator } = controllerDetails(this.catalogue, this.config.operator);
    return { ...operator, name: names?.[lang] ?? operator.name };
  }

  private storage(state: SubjectState, now: Instant) {
    if (state.erased) return undefined;
    const years = retentionYears(state, this.config.retention, this.catalogue);
    const until = erasureDueAt(state, this.config.retention, this.catalogue, now);
    return {
      citation: 'Law 94-V Art. 24(1), 18; Law 573-II Art. 23(6)',
      yearsAfterRelationshipEnds: years.afterRelationshipEnds,
      ...(years.afterLastCreditBureauDisclosure !== undefined
        ? { yearsAfterLastCreditBureauDisclosure: years.afterLastCreditBureauDisclosure }
        : {}),
      ...(until ? { keptUntil: until } : {}),
    };
  }

  private async build(
    subjectId: string,
    language: ReportLanguage | undefined,
    viewer: Principal,
    minPosition: string | undefined,
  ) {
    const projection = await this.readModels.freshness(minPosition);
    const now = await this.readModels.moment(undefined, undefined, { subjectId });
    const { subjects, policies, disclosures } = this.readModels.side;
    const state = knownState(subjects, subjectId);
    const book = policies.book();
    const lang: ReportLanguage = language ?? newestConsentLanguage(state.consents) ?? 'kk';
    const label = (labels: Labels | undefined, code: string) => ({ code, label: labels?.[lang] ?? code });
    const purpose = (code: string) => label(this.catalogue.purposes.get(code)?.labels, code);
    const category = (code: string) => label(this.catalogue.dataCategories.get(code)?.labels, code);
    const recipient = (code: string) => {
      const found = this.catalogue.recipients.get(code);
      return { ...label(found?.labels, code), ...(found ? { country: found.country } : {}) };
    };
    const legalBasis = (code: string) => {
      const found = this.catalogue.legalBases.get(code);
      return { ...label(found?.labels, code), ...(found ? { citation: found.citation } : {}) };
    };

    const consents = consentsAt(state, book, this.catalogue, now)
      .map((view) => ({ ...present(view), withdrawalsTaken: withdrawalsFrom(view, this.catalogue) }))
      .map((c) => ({
        consentId: c.consentId,
        status: c.status,
        givenAt: c.givenAt,
        recordedAt: c.recordedAt,
        collectionMethod: c.collectionMethod,
        language: c.language,
        term: c.term,
        policyShown: c.policy.shown,
        purposes: c.purposes.map(purpose),
        // With where each comes from: Art. 24(1) names the sources of collection.
        dataCategories: c.dataCategories.map((code) => {
          const source = this.catalogue.dataCategories.get(code)?.source;
          return { ...category(code), ...(source ? { source } : {}) };
        }),
        recipients: c.recipients.map(recipient),
        crossBorderTransferAllowed: c.crossBorderTransferAllowed,
        publicationAllowed: c.publicationAllowed,
        notifyOnDisclosure: c.notifyOnDisclosure,
        withdrawals: c.withdrawalsTaken,
        purposesAchieved: c.purposesAchieved,
        covers: c.coverage.map((p) => ({
          purpose: purpose(p.purpose),
          byTheLender: p.dataCategories.map(category),
          toRecipients: p.recipients.map((r) => ({
            recipient: recipient(r.recipient),
            dataCategories: r.dataCategories.map(category),
          })),
        })),
      }));

    const policyAcceptances = [...state.acceptances]
      .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0))
      .map((a) => {
        const version = book[a.policyId]?.versions.find((v) => v.version === a.version);
        // Policy texts are published in Kazakh and Russian; an English reader gets the Russian one.
        const text = version?.texts[lang === 'kk' ? 'kk' : 'ru'] ?? version?.texts.kk ?? version?.texts.ru;
        return {
          policyId: a.policyId,
          version: a.version,
          acceptedAt: a.occurredAt,
          recordedAt: a.recordedAt,
          ...(version?.summary ? { summary: version.summary } : {}),
          ...(text ? { text: text.url } : {}),
        };
      });

    // Every disclosure about the person, read in batches (the reports' paging, with no page limit).
    const entries = pageOf(
      (after, limit) => disclosures.list({ subjectId, limit, ...(after ? { after } : {}) }),
      (entry) => entry,
      Number.MAX_SAFE_INTEGER,
      undefined,
    ).rows;
    const labelled = (d: (typeof entries)[number]) => ({
      disclosureId: d.disclosureId,
      recipient: recipient(d.recipient),
      purpose: purpose(d.purpose),
      dataCategories: d.dataCategories.map(category),
      occurredAt: d.occurredAt,
    });
    const disclosed = entries
      .filter((d) => d.outcome === 'recorded')
      .map((d) => ({
        ...labelled(d),
        crossBorder: d.crossBorder,
        basis: basisOf(d.basis, legalBasis),
        ...(d.notifiedAt ? { notifiedAt: d.notifiedAt } : {}),
      }));
    const refusedDisclosures = entries
      .filter((d) => d.outcome === 'refused')
      .map((d) => ({
        ...labelled(d),
        ...(d.reasons ? { reasons: (d.reasons as { code: string }[]).map((r) => explained(r, lang)) } : {}),
      }));
    // The withdrawals read model is kept for the deadline reports, not per person: the log is.
    const stream = await this.store.readStream(subjectStream(subjectId), { fromRevision: 0 });
    const refusedWithdrawals = await Promise.all(
      stream
        .filter((e) => e.type === 'WithdrawalRefused')
        .map(async (e) => {
          const data = e.data as WithdrawalRefused['data'];
          return {
            withdrawalId: data.withdrawalId,
            occurredAt: metadataOf(e).occurredAt,
            scope: {
              ...data.scope,
              ...(data.scope.purposes ? { purposes: data.scope.purposes.map(purpose) } : {}),
            },
            reason: explained(data.reason, lang),
            refusalHoldsAsKnownNow: refusalHoldsAsKnown(
              state,
              { reasonCode: data.reason.code, occurredAt: metadataOf(e).occurredAt },
              now.knownAt,
            ),
            // Sealed with the person's key: the contract numbers for auditors, a placeholder for support.
            openLoans: await this.identities.reveal(data.openLoans, subjectId, subjectStream(subjectId), viewer),
          };
        }),
    );

    const report = {
      subjectId,
      language: lang,
      issuedAt: now.knownAt,
      law: 'Law 94-V Art. 24(1)',
      operator: this.operatorIn(lang),
      subject: await this.identities.show(subjectId, state, viewer),
      ...(state.erased ? { erasedAt: state.erased.occurredAt } : {}),
      consents,
      policyAcceptances,
      disclosures: disclosed,
      refusals: { disclosures: refusedDisclosures, withdrawals: refusedWithdrawals },
      storage: this.storage(state, now.knownAt),
      projection,
    };
    return this.identities.reveal(report, subjectId, subjectStream(subjectId), viewer);
  }
}

interface ReportWithdrawal {
  withdrawalId: string;
  occurredAt: string;
  scope: WithdrawalScope;
  transfersWithdrawn?: WithdrawalScope;
}

/**
 * One entry per withdrawal, naming only what it took from this consent: a withdrawal refused in part
 * for a purpose a law requires is recorded as the rest (its scope may list the whole catalogue) and
 * that purpose's transfers, but the person made one request (Art. 8(7), 24(1)). Each record is read as
 * the validity rule reads it (`scopesTaken`): a paper consent keyed in after a withdrawal keeps what
 * Art. 8(2) kept from it, though the recorded scope, as asked, names it.
 */
function withdrawalsFrom(view: ConsentView, catalogue: CatalogueIndex): ReportWithdrawal[] {
  const consent = view.grant;
  const within = (scope: WithdrawalScope): WithdrawalScope => {
    const { crossBorderTransfer, publication, ...rest } = scope;
    const named: WithdrawalScope = {
      ...rest,
      ...(scope.purposes ? { purposes: scope.purposes.filter((p) => consent.purposes.includes(p)) } : {}),
      ...(scope.recipients ? { recipients: scope.recipients.filter((r) => consent.recipients.includes(r)) } : {}),
    };
    // A separate permission the consent never gave it did not take (named beside purposes: left alone, a
    // flag is the whole of what the scope says, and dropping it would read as everything).
    const alone = scope.purposes === undefined && scope.recipients === undefined && scope.dataCategories === undefined;
    return {
      ...named,
      ...(crossBorderTransfer && (alone || consent.crossBorderTransferAllowed) ? { crossBorderTransfer } : {}),
      ...(publication && (alone || consent.publicationAllowed) ? { publication } : {}),
    };
  };
  const entries = new Map<string, ReportWithdrawal>();
  for (const w of view.withdrawals) {
    for (const taken of scopesTaken(w, catalogue)) {
      const first = entries.get(w.withdrawalId);
      const named = within(taken);
      // Transfers to recipients the consent never named: none were taken from it.
      if (first) {
        if (named.purposes?.length !== 0 && named.recipients?.length !== 0) first.transfersWithdrawn = named;
      } else entries.set(w.withdrawalId, { withdrawalId: w.withdrawalId, occurredAt: w.occurredAt, scope: named });
    }
  }
  return [...entries.values()];
}

function isLanguage(value: unknown): value is ReportLanguage {
  return typeof value === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(value);
}

function basisOf(basis: unknown, legalBasis: (code: string) => { code: string; label: string }) {
  const b = basis as
    | { kind: 'consent'; consents: { consentId: string; dataCategories: string[] }[] }
    | { kind: 'legal-basis'; legalBasis: string; citation: string }
    | undefined;
  if (!b) return undefined;
  return b.kind === 'consent'
    ? { kind: 'consent' as const, consents: b.consents.map((c) => c.consentId) }
    : { kind: 'legal-basis' as const, legalBasis: legalBasis(b.legalBasis), citation: b.citation };
}

type Reported = { readonly subjectId: string; readonly answer: SubjectReport } | { readonly unknown: true };

function lookOf(reported: Reported): Look {
  return 'unknown' in reported
    ? { miss: true }
    : { person: reported.subjectId, parameters: { language: reported.answer.language } };
}

function replyOf(reported: Reported) {
  if ('unknown' in reported)
    throw new ProblemException('unknown-subject', 'the ledger holds nothing about this person');
  return reported.answer;
}

@ApiTags('queries')
@Controller('v1')
export class SubjectReportController {
  constructor(
    private readonly queries: QueryBus,
    private readonly subjects: SubjectLedger,
  ) {}

  private async report(subjectId: string, query: SubjectReportQueryDto, viewer: Principal) {
    const answer = await this.queries.execute(
      new GetSubjectReportQuery(subjectId, query.language, viewer, query.minPosition),
    );
    return { subjectId, answer };
  }

  @Allow(...READERS)
  @Get('subjects/:subjectId/report')
  @ApiOperation({
    summary: 'The person’s own report (Law 94-V Art. 24): their consents, accepted policies, disclosures and refusals',
    description: 'Labels in the person’s language. Recorded in the access log.',
  })
  @ApiOkResponse({ type: SubjectReportDto, description: 'The report as of now.' })
  @ApiProblems(400, 404)
  @AccessLogged<Reported>('subject-report', lookOf, replyOf)
  bySubject(
    @Param('subjectId') subjectId: string,
    @QueryParams() query: SubjectReportQueryDto,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<Reported> {
    return this.report(subjectId, query, viewer);
  }

  @Allow(...READERS)
  @Post('subject-reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same report, with the person named by IIN in the body (never in a URL)' })
  @ApiOkResponse({ type: SubjectReportDto, description: 'As GET /v1/subjects/{subjectId}/report.' })
  @ApiProblems(400, 404)
  @AccessLogged<Reported>('subject-report', lookOf, replyOf)
  async byBody(@Body() body: SubjectReportBodyDto, @CurrentPrincipal() viewer: Principal): Promise<Reported> {
    if ((body.iin === undefined) === (body.subjectId === undefined)) {
      throw new ProblemException('invalid-request', 'name the person by exactly one of iin and subjectId', {}, [
        { field: 'iin', code: 'exactly-one', message: 'give iin or subjectId, not both and not neither' },
      ]);
    }
    const subjectId = body.subjectId ?? (await this.subjects.lookup(body.iin!));
    // Someone the ledger does not know: logged as a miss naming nobody (as for resolve), then 404.
    if (!subjectId) return { unknown: true };
    return this.report(subjectId, body, viewer);
  }
}

/**
 * The language of the consent given last — by when it was given, not when it was keyed in: a paper
 * form of last month entered today is not the person's newest word (of one instant, the later recorded).
 */
function newestConsentLanguage(
  consents: readonly { language?: string; occurredAt: string }[],
): ReportLanguage | undefined {
  let newest: { language?: string; occurredAt: string } | undefined;
  for (const consent of consents) {
    if (isLanguage(consent.language) && (!newest || consent.occurredAt >= newest.occurredAt)) newest = consent;
  }
  return newest?.language as ReportLanguage | undefined;
}

import { CatalogueIndex, isCrossBorder, Recipient } from '../catalogue/catalogue';
import { PolicyState, PolicyVersion } from '../policy/policy-decider';
import { Instant } from '../shared/instant';
import { DisclosureBasis, Reason, termEndAt, WithdrawalScope } from '../subject/subject-events';
import { AcceptanceRecord, ConsentRecord, Fact, SubjectState, WithdrawalRecord } from '../subject/subject-state';

/**
 * The validity rule. A consent covers (purpose, recipient, data category) at T, as the ledger knew
 * at T′ (`knownAt`), when — counting only facts recorded at or before T′ —
 *  1. it was granted at or before T;
 *  2. no withdrawal at or before T took that part of its scope back;
 *  3. its term had not ended at T (a date, or its purposes recorded as achieved);
 *  4. the newest material version of its policy in force at T had been accepted at or before T;
 *  5. for a recipient outside Kazakhstan, it allowed cross-border transfer (Law 94-V Art. 16)
 *     and that permission was not withdrawn.
 */

/** Every policy the ledger knows, by id. */
export type PolicyBook = Readonly<Record<string, PolicyState>>;

export interface Moment {
  /** The time the question is about. */
  readonly at: Instant;
  /** Answer as the ledger knew it at this time: facts recorded later are ignored. */
  readonly knownAt: Instant;
}

export type ConsentStatus =
  | 'active'
  | 'partially-withdrawn'
  | 'withdrawn'
  | 'expired'
  | 'purposes-achieved'
  | 'suspended-policy-not-accepted'
  /** The person was erased (Law 94-V Art. 18): nothing about them may be processed from then on. */
  | 'erased';

/** W3C DPV consent states, for receipts and for people who think in them. */
export const DPV_STATE: Readonly<Record<ConsentStatus, string>> = {
  active: 'dpv:ConsentGiven',
  'partially-withdrawn': 'dpv:ConsentGiven',
  withdrawn: 'dpv:ConsentWithdrawn',
  expired: 'dpv:ConsentExpired',
  'purposes-achieved': 'dpv:ConsentExpired',
  'suspended-policy-not-accepted': 'dpv:ConsentInvalidated',
  erased: 'dpv:ConsentInvalidated',
};

export interface PolicyStanding {
  readonly policyId: string;
  /** The newest material-change version in force at T, which the person must have accepted. */
  readonly requiredVersion?: string;
  /** When that version took effect: a consent not accepting it is suspended from then (policy preamble, §9.2). */
  readonly requiredSince?: Instant;
  /** The newest version the person had accepted by T. */
  readonly acceptedVersion?: string;
  readonly satisfied: boolean;
  readonly acceptanceEventId?: string;
  readonly requiredVersionEventId?: string;
}

export interface RecipientCoverage {
  readonly recipient: string;
  readonly dataCategories: readonly string[];
}

export interface PurposeCoverage {
  readonly purpose: string;
  /** What the lender itself may process for this purpose. */
  readonly dataCategories: readonly string[];
  /** What may go to each recipient for this purpose. */
  readonly recipients: readonly RecipientCoverage[];
}

export interface ConsentView {
  readonly consentId: string;
  readonly status: ConsentStatus;
  readonly dpvState: string;
  readonly grant: ConsentRecord;
  readonly withdrawals: readonly WithdrawalRecord[];
  readonly purposesAchieved: readonly string[];
  readonly termEnded: boolean;
  readonly policy: PolicyStanding;
  readonly crossBorderTransferAllowed: boolean;
  readonly publicationAllowed: boolean;
  /**
   * What the consent still covers at T; empty unless the consent is in force, except that a consent
   * suspended by an unaccepted policy change keeps the lender's own processing a law requires.
   */
  readonly coverage: readonly PurposeCoverage[];
  /** The events this view rests on, oldest first. */
  readonly justifiedBy: readonly string[];
}

export interface CoverageQuery extends Moment {
  readonly purpose: string;
  /** Absent: processing by the lender itself. */
  readonly recipient?: string;
  readonly dataCategories: readonly string[];
  /** A legal basis other than consent that the caller relies on. */
  readonly legalBasis?: string;
}

export interface CoverageAnswer {
  readonly allowed: boolean;
  readonly basis?: DisclosureBasis;
  readonly crossBorder: boolean;
  /** Some covering consent asked for notice of transfers (Art. 19). */
  readonly subjectToBeNotified: boolean;
  readonly reasons: readonly Reason[];
  readonly justifiedBy: readonly string[];
}

const visibleAt = (fact: Fact, moment: Moment) => fact.occurredAt <= moment.at && fact.recordedAt <= moment.knownAt;

/**
 * Erased by T: nothing may be processed after the erasure. Its own instant still answers from history,
 * since an erasure may be dated at the person's last fact (not before it), which was processed then.
 */
const erasedBy = (state: SubjectState, moment: Moment): boolean =>
  state.erased !== undefined && state.erased.occurredAt < moment.at && state.erased.recordedAt <= moment.knownAt;

/** The consents known at T′ that had been given by T, each with its standing at T. */
export function consentsAt(
  state: SubjectState,
  policies: PolicyBook,
  catalogue: CatalogueIndex,
  moment: Moment,
): ConsentView[] {
  return [...viewsAt(state, policies, catalogue, moment).all()];
}

/** The views of `consentsAt`, each worked out when first asked for, in the same order. */
interface LazyViews {
  readonly count: number;
  at(index: number): ConsentView;
  /** The views worked out so far: a prefix of `all()`. */
  built(): readonly ConsentView[];
  all(): readonly ConsentView[];
}

function viewsAt(state: SubjectState, policies: PolicyBook, catalogue: CatalogueIndex, moment: Moment): LazyViews {
  const visible = state.consents.filter((c) => visibleAt(c, moment));
  // A policy's standing at T is the person's, not a consent's: worked out once per policy, not per consent.
  const standings = new Map<string, PolicyStanding>();
  const standingOf = (policyId: string) => {
    let standing = standings.get(policyId);
    if (!standing) {
      standing = policyStanding(policyId, state.acceptances, policies, moment);
      standings.set(policyId, standing);
    }
    return standing;
  };
  const built: ConsentView[] = [];
  const at = (index: number): ConsentView => {
    while (built.length <= index) {
      const consent = visible[built.length]!;
      built.push(viewOf(consent, state, standingOf(consent.policyShown.policyId), catalogue, moment));
    }
    return built[index]!;
  };
  return {
    count: visible.length,
    at,
    built: () => built,
    all: () => {
      if (visible.length > 0) at(visible.length - 1);
      return built;
    },
  };
}

function viewOf(
  consent: ConsentRecord,
  state: SubjectState,
  policy: PolicyStanding,
  catalogue: CatalogueIndex,
  moment: Moment,
): ConsentView {
  const withdrawals = withdrawalsThatTook(consent, withdrawalsReaching(consent, state, moment), catalogue);
  const achievedFacts = state.purposesAchieved.filter((a) => a.consentId === consent.consentId && visibleAt(a, moment));
  const achieved = new Set(achievedFacts.flatMap((a) => a.purposes));
  const end = termEndAt(consent.term);
  const termEnded = end !== undefined && end <= moment.at;
  const erased = erasedBy(state, moment);
  const taken = withdrawals.flatMap((w) => scopesTaken(w, catalogue));
  const left = consentLeft(consent, { withdrawals: taken, achieved, termEnded }, catalogue);
  // Erasure and an unaccepted material policy change suspend what is left; they take nothing from it.
  const status: ConsentStatus = erased
    ? 'erased'
    : isInForce(left.status) && !policy.satisfied
      ? 'suspended-policy-not-accepted'
      : left.status;

  const justifiedBy = [
    consent.eventId,
    ...withdrawals.map((w) => w.eventId),
    ...achievedFacts.map((a) => a.eventId),
    ...(policy.requiredVersionEventId ? [policy.requiredVersionEventId] : []),
    ...(policy.acceptanceEventId ? [policy.acceptanceEventId] : []),
    ...(erased ? [state.erased!.eventId] : []),
  ];
  return {
    consentId: consent.consentId,
    status,
    dpvState: DPV_STATE[status],
    grant: consent,
    withdrawals,
    purposesAchieved: [...achieved],
    termEnded,
    policy,
    crossBorderTransferAllowed: left.crossBorderTransferAllowed,
    publicationAllowed: left.publicationAllowed,
    coverage: isInForce(status)
      ? left.coverage
      : status === 'suspended-policy-not-accepted'
        ? ownProcessingRequiredByLaw(left.coverage, catalogue)
        : [],
    justifiedBy,
  };
}

/**
 * What a consent suspended by an unaccepted material policy change still covers: the lender's own
 * processing for purposes a law requires, which not even a withdrawal could stop (Law 94-V Art. 8(2));
 * no transfer to anyone.
 */
function ownProcessingRequiredByLaw(
  coverage: readonly PurposeCoverage[],
  catalogue: CatalogueIndex,
): PurposeCoverage[] {
  return coverage
    .filter((p) => catalogue.purposes.get(p.purpose)?.requiredByLaw === true && p.dataCategories.length > 0)
    .map((p) => ({ ...p, recipients: [] }));
}

/** What has been taken from a consent: withdrawals' scopes, purposes recorded as achieved, its term. */
export interface TakenBack {
  readonly withdrawals: readonly WithdrawalScope[];
  readonly achieved: ReadonlySet<string>;
  readonly termEnded?: boolean;
}

/** The statuses what is left of a consent can give it, before erasure and policy standing. */
export type LeftStatus = Extract<
  ConsentStatus,
  'active' | 'partially-withdrawn' | 'withdrawn' | 'expired' | 'purposes-achieved'
>;

export interface ConsentLeft {
  readonly status: LeftStatus;
  /** Per purpose not yet achieved: what the lender may still process and what may go to whom. */
  readonly coverage: readonly PurposeCoverage[];
  readonly crossBorderTransferAllowed: boolean;
  readonly publicationAllowed: boolean;
}

const NOTHING_TAKEN: TakenBack = { withdrawals: [], achieved: new Set() };

/** Whether a consent in this status lets anything be processed. */
export const isInForce = (status: ConsentStatus): boolean => status === 'active' || status === 'partially-withdrawn';

/**
 * The one rule for what is left of a consent: per purpose not yet achieved, the data categories the
 * lender may still process and what may still go to each recipient — withdrawn boxes removed, and
 * recipients abroad only while cross-border transfer is allowed (Law 94-V Art. 7(6), 8(5)-(6), 16) —
 * and the status that leaves it in. Queries, receipts and the decider all ask this function.
 */
export function consentLeft(consent: ConsentRecord, taken: TakenBack, catalogue: CatalogueIndex): ConsentLeft {
  const boxes = distinctBoxes(taken.withdrawals);
  // A withdrawal naming nothing takes back the whole consent, these separate permissions with it.
  const crossBorderTransferAllowed =
    consent.crossBorderTransferAllowed && !taken.withdrawals.some((w) => w.crossBorderTransfer === true || isWhole(w));
  const publicationAllowed =
    consent.publicationAllowed && !taken.withdrawals.some((w) => w.publication === true || isWhole(w));
  const removed = (purpose: string, recipient: string | undefined, category: string) =>
    boxes.some((box) => boxContains(box, purpose, recipient, category));
  const coverage = consent.purposes
    .filter((purpose) => !taken.achieved.has(purpose))
    .map((purpose) => ({
      purpose,
      dataCategories: consent.dataCategories.filter((c) => !removed(purpose, undefined, c)),
      recipients: consent.recipients
        .filter((r) => crossBorderTransferAllowed || !isCrossBorderCode(catalogue, r))
        .map((recipient) => ({
          recipient,
          dataCategories: consent.dataCategories.filter((c) => !removed(purpose, recipient, c)),
        }))
        .filter((r) => r.dataCategories.length > 0),
    }))
    .filter((p) => p.dataCategories.length > 0 || p.recipients.length > 0);

  let status: LeftStatus;
  if (taken.termEnded) status = 'expired';
  else if (consent.purposes.every((p) => taken.achieved.has(p))) status = 'purposes-achieved';
  else if (coverage.length === 0) status = 'withdrawn';
  else if (taken.withdrawals.length > 0 || taken.achieved.size > 0) status = 'partially-withdrawn';
  else status = 'active';
  return { status, coverage, crossBorderTransferAllowed, publicationAllowed };
}

/**
 * Does a withdrawal take anything from a consent as it was given: some of what it covered, or a
 * separate permission it gave (Art. 7(6))?
 */
export function takesFrom(consent: ConsentRecord, scope: WithdrawalScope, catalogue: CatalogueIndex): boolean {
  const given = consentLeft(consent, NOTHING_TAKEN, catalogue);
  const after = consentLeft(consent, { withdrawals: [scope], achieved: NOTHING_TAKEN.achieved }, catalogue);
  return (
    coveredTriples(after.coverage) < coveredTriples(given.coverage) ||
    (given.crossBorderTransferAllowed && !after.crossBorderTransferAllowed) ||
    (given.publicationAllowed && !after.publicationAllowed)
  );
}

/** How many (purpose, lender or recipient, category) triples a coverage holds. */
function coveredTriples(coverage: readonly PurposeCoverage[]): number {
  return coverage.reduce(
    (n, p) => n + p.dataCategories.length + p.recipients.reduce((m, r) => m + r.dataCategories.length, 0),
    0,
  );
}

/**
 * The withdrawals a consent's view rests on: of those that reached it, in the order recorded, the first
 * and each that took something no earlier one had taken — a (purpose, lender or recipient, category)
 * triple of the consent, or a separate permission. One that took nothing new leaves what is left, the
 * status and every reason given exactly as they were, so a person withdrawing the same thing a thousand
 * times does not make each of their consents cite a thousand events: a consent cites at most one per
 * triple it covers, plus two.
 */
function withdrawalsThatTook(
  consent: ConsentRecord,
  reached: readonly WithdrawalRecord[],
  catalogue: CatalogueIndex,
): WithdrawalRecord[] {
  if (reached.length <= 1) return [...reached];
  const taken = new Set<string>();
  const scopesSeen = new Set<string>();
  const kept: WithdrawalRecord[] = [];
  for (const w of reached) {
    const scopes = scopesTaken(w, catalogue);
    const key = scopes.map(scopeKey).join('|');
    if (scopesSeen.has(key)) continue;
    scopesSeen.add(key);
    let tookSomething = kept.length === 0;
    for (const item of scopes.flatMap((scope) => takenBy(consent, scope))) {
      if (!taken.has(item)) {
        taken.add(item);
        tookSomething = true;
      }
    }
    if (tookSomething) kept.push(w);
  }
  return kept;
}

/** What a withdrawal's scope takes from a consent as given: its triples, and the separate permissions. */
function takenBy(consent: ConsentRecord, scope: WithdrawalScope): string[] {
  const taken: string[] = [];
  if (scope.crossBorderTransfer === true || isWhole(scope)) taken.push('cross-border');
  if (scope.publication === true || isWhole(scope)) taken.push('publication');
  const box = boxOf(scope);
  if (box === undefined) return taken;
  for (const purpose of consent.purposes) {
    for (const recipient of [undefined, ...consent.recipients]) {
      for (const category of consent.dataCategories) {
        if (boxContains(box, purpose, recipient, category)) taken.push(JSON.stringify([purpose, recipient, category]));
      }
    }
  }
  return taken;
}

/**
 * What a recorded withdrawal takes, as its scope reads under Law 94-V Art. 8(2): never the lender's own
 * processing for a purpose a law requires, nor a loan-bound purpose while a loan known when it was
 * recorded was open at its date. The decider refuses those for the consents it knows; this holds the
 * same for a consent dated before the withdrawal and keyed in after it, which a scope written as "all"
 * (or naming purposes that consent alone holds) reaches too. One scope, or two when the transfers of a
 * purpose a law requires are taken while its own processing is kept.
 */
export function scopesTaken(w: WithdrawalRecord, catalogue: CatalogueIndex): readonly WithdrawalScope[] {
  const cached = takenScopes.get(w);
  if (cached !== undefined && cached.catalogue === catalogue) return cached.scopes;
  const scopes = narrowedByLaw(w, catalogue);
  takenScopes.set(w, { catalogue, scopes });
  return scopes;
}
const takenScopes = new WeakMap<
  WithdrawalRecord,
  { readonly catalogue: CatalogueIndex; readonly scopes: readonly WithdrawalScope[] }
>();

function narrowedByLaw(w: WithdrawalRecord, catalogue: CatalogueIndex): readonly WithdrawalScope[] {
  const box = boxOf(w.scope);
  if (box === undefined) return [w.scope];
  const requested = box.purposes ?? [...catalogue.purposes.keys()];
  const loanBound = (p: string) =>
    w.loanOpenWhenRecorded && catalogue.purposes.get(p)?.withdrawableWithOpenLoan === false;
  // A box naming recipients never takes the lender's own processing.
  const lawBound = (p: string) => box.recipients === undefined && catalogue.purposes.get(p)?.requiredByLaw === true;
  const free = requested.filter((p) => !loanBound(p) && !lawBound(p));
  const transfersOnly = requested.filter((p) => !loanBound(p) && lawBound(p));
  if (free.length === requested.length) return [w.scope];
  // Narrowed to purposes, a scope is no longer "whole": the separate permissions it took are named.
  const flags = {
    ...(w.scope.crossBorderTransfer === true || isWhole(w.scope) ? { crossBorderTransfer: true } : {}),
    ...(w.scope.publication === true || isWhole(w.scope) ? { publication: true } : {}),
  };
  const scopes: WithdrawalScope[] = [];
  if (free.length > 0) scopes.push({ ...w.scope, ...flags, purposes: free });
  else if (flags.crossBorderTransfer === true || flags.publication === true) scopes.push(flags);
  if (transfersOnly.length > 0) {
    scopes.push({
      purposes: transfersOnly,
      recipients: [...catalogue.recipients.keys()],
      ...(box.dataCategories !== undefined ? { dataCategories: box.dataCategories } : {}),
    });
  }
  return scopes;
}

/**
 * The withdrawals known at T′ that reached a consent by T, in the order recorded. For a consent keyed
 * in after a withdrawal Art. 8(2) refused in part or whole, the scope the person asked for stands for
 * that withdrawal's recorded scopes, which were cut to the consents known then; `scopesTaken` reads it
 * under Art. 8(2) as it reads any, so it takes from the late consent what the law lets go, and no more.
 */
function withdrawalsReaching(consent: ConsentRecord, state: SubjectState, moment: Moment): WithdrawalRecord[] {
  const reaches = (w: WithdrawalRecord) => visibleAt(w, moment) && withdrawalApplies(w, consent);
  const recorded = state.withdrawals.filter(reaches);
  if (state.withdrawalsAsked === undefined) return recorded;
  const asked = state.withdrawalsAsked.filter((w) => w.revision < consent.revision && reaches(w));
  if (asked.length === 0) return recorded;
  const standsFor = new Set(asked.map((w) => w.withdrawalId));
  return [...recorded.filter((w) => !standsFor.has(w.withdrawalId)), ...asked].sort((a, b) => a.revision - b.revision);
}

/**
 * Does a withdrawal reach this consent? A targeted one reaches its own consent; one without a
 * consent id reaches every consent given before it — including a paper consent keyed in later
 * whose signing date falls before the withdrawal.
 */
function withdrawalApplies(w: WithdrawalRecord, consent: ConsentRecord): boolean {
  if (w.consentId !== undefined) return w.consentId === consent.consentId;
  return consent.occurredAt < w.occurredAt || (consent.occurredAt === w.occurredAt && consent.revision < w.revision);
}

function policyStanding(
  policyId: string,
  acceptances: readonly AcceptanceRecord[],
  policies: PolicyBook,
  moment: Moment,
): PolicyStanding {
  const versions = (policies[policyId]?.versions ?? []).filter((v) => v.recordedAt <= moment.knownAt);
  const required = lastOf(versions.filter((v) => v.materialChange && v.effectiveFrom <= moment.at));
  // By lookup, not by search: a policy may have many versions and a person many acceptances.
  const ranks = new Map<string, number>();
  versions.forEach((v, i) => {
    if (!ranks.has(v.version)) ranks.set(v.version, i);
  });
  const rank = (version: string) => ranks.get(version) ?? -1;
  const accepted = acceptances
    .filter((a) => a.policyId === policyId && visibleAt(a, moment) && rank(a.version) >= 0)
    .reduce<AcceptanceRecord | undefined>(
      (best, a) => (!best || rank(a.version) > rank(best.version) ? a : best),
      undefined,
    );
  const satisfied = !required || (accepted !== undefined && rank(accepted.version) >= rank(required.version));
  return {
    policyId,
    ...(required
      ? {
          requiredVersion: required.version,
          requiredSince: required.effectiveFrom,
          requiredVersionEventId: required.eventId,
        }
      : {}),
    ...(accepted ? { acceptedVersion: accepted.version, acceptanceEventId: accepted.eventId } : {}),
    satisfied,
  };
}

/** Is (purpose, recipient, every data category) covered at T as known at T′, and on what basis? */
export function checkCoverage(
  state: SubjectState,
  policies: PolicyBook,
  catalogue: CatalogueIndex,
  query: CoverageQuery,
): CoverageAnswer {
  return coverageAt(state, policies, catalogue, query)(query);
}

/**
 * The same check for many questions about one moment (a matrix asks hundreds): the consents' views
 * at T as known at T′ are worked out once, not per question, and only as far as the answers need —
 * an allowed answer stops at the consents that cover it (a compliance report asks about every
 * disclosure, each at its own moment, of people who may have thousands of consents).
 */
export function coverageAt(
  state: SubjectState,
  policies: PolicyBook,
  catalogue: CatalogueIndex,
  moment: Moment,
): (question: Omit<CoverageQuery, keyof Moment>) => CoverageAnswer {
  let views: LazyViews | undefined;
  const lazy = () => (views ??= viewsAt(state, policies, catalogue, moment));
  return (question) => coverageOf(state, lazy, catalogue, { ...question, at: moment.at, knownAt: moment.knownAt });
}

function coverageOf(
  state: SubjectState,
  lazy: () => LazyViews,
  catalogue: CatalogueIndex,
  query: CoverageQuery,
): CoverageAnswer {
  const recipient = query.recipient !== undefined ? catalogue.recipient(query.recipient) : undefined;
  const crossBorder = recipient !== undefined && isCrossBorder(recipient);
  const reasons: Reason[] = [];

  if (state.erased && erasedBy(state, query)) {
    return {
      allowed: false,
      crossBorder,
      subjectToBeNotified: false,
      reasons: [
        {
          code: 'subject-erased',
          eventId: state.erased.eventId,
          message: `the person was erased at ${state.erased.occurredAt}: nothing about them may be processed after it`,
          citation: 'Law 94-V Art. 18, 25(2)(4)',
        },
      ],
      justifiedBy: [state.erased.eventId],
    };
  }

  if (query.legalBasis !== undefined) {
    const basis = recipient && catalogue.legalBasisFor(recipient.code, query.purpose, query.legalBasis);
    if (basis) {
      return {
        allowed: true,
        basis: { kind: 'legal-basis', legalBasis: basis.code, citation: basis.citation },
        crossBorder,
        subjectToBeNotified: false,
        reasons: [],
        justifiedBy: [],
      };
    }
    reasons.push({
      code: 'legal-basis-not-applicable',
      message: `legal basis ${query.legalBasis} does not allow ${query.purpose} data to go to ${query.recipient ?? 'the lender'}`,
      // Without consent only in the cases a law sets; this basis is not one for this purpose and recipient.
      citation: 'Law 94-V Art. 9',
    });
  }

  const lazyViews = lazy();
  const covering = new Map<string, string[]>();
  const uncovered: string[] = [];
  for (const category of query.dataCategories) {
    // The first view, in order, that covers it: views after it are not worked out for it.
    let view: ConsentView | undefined;
    for (let i = 0; i < lazyViews.count && !view; i += 1) {
      const candidate = lazyViews.at(i);
      if (covers(candidate, query.purpose, query.recipient, category)) view = candidate;
    }
    if (view) covering.set(view.consentId, [...(covering.get(view.consentId) ?? []), category]);
    else uncovered.push(category);
  }

  if (uncovered.length === 0) {
    // Every covering view was worked out on the way to it, so the prefix built holds them all, in order.
    const used = lazyViews.built().filter((v) => covering.has(v.consentId));
    return {
      allowed: true,
      basis: {
        kind: 'consent',
        consents: used.map((v) => ({ consentId: v.consentId, dataCategories: covering.get(v.consentId)! })),
      },
      crossBorder,
      subjectToBeNotified: recipient !== undefined && used.some((v) => v.grant.notifyOnDisclosure),
      reasons: [],
      justifiedBy: [...new Set(used.flatMap((v) => v.justifiedBy))],
    };
  }

  const views = lazyViews.all();
  for (const category of uncovered) {
    reasons.push(explain(views, query, category, crossBorder, state, recipient, catalogue));
  }
  const relevant = views.filter((v) => v.grant.purposes.includes(query.purpose));
  return {
    allowed: false,
    crossBorder,
    subjectToBeNotified: false,
    reasons: mergeReasons(reasons),
    justifiedBy: [...new Set(relevant.flatMap((v) => v.justifiedBy))],
  };
}

function covers(view: ConsentView, purpose: string, recipient: string | undefined, category: string): boolean {
  const p = view.coverage.find((c) => c.purpose === purpose);
  if (!p) return false;
  if (recipient === undefined) return p.dataCategories.includes(category);
  return p.recipients.some((r) => r.recipient === recipient && r.dataCategories.includes(category));
}

/** The most telling reason why no consent covers this category, citing the event behind it. */
function explain(
  views: readonly ConsentView[],
  query: CoverageQuery,
  category: string,
  crossBorder: boolean,
  state: SubjectState,
  recipient: Recipient | undefined,
  catalogue: CatalogueIndex,
): Reason {
  const inScope = views.filter(
    (v) =>
      v.grant.purposes.includes(query.purpose) &&
      v.grant.dataCategories.includes(category) &&
      (query.recipient === undefined || v.grant.recipients.includes(query.recipient)),
  );
  const base = { dataCategories: [category] };
  if (inScope.length === 0) {
    const later = state.consents.find(
      (c) =>
        c.recordedAt <= query.knownAt &&
        c.occurredAt > query.at &&
        c.purposes.includes(query.purpose) &&
        c.dataCategories.includes(category) &&
        (query.recipient === undefined || c.recipients.includes(query.recipient)),
    );
    if (later) {
      return {
        ...base,
        code: 'consent-given-later',
        consentId: later.consentId,
        eventId: later.eventId,
        message: `consent ${later.consentId} was given only at ${later.occurredAt}`,
      };
    }
    return {
      ...base,
      code: 'no-consent',
      message: `no consent covers ${query.purpose} / ${query.recipient ?? 'the lender'} / ${category}`,
      citation: consentCitation(recipient),
    };
  }
  const view = inScope[inScope.length - 1];
  const ref = { consentId: view.consentId };
  switch (view.status) {
    case 'expired':
      return {
        ...base,
        ...ref,
        code: 'term-ended',
        eventId: view.grant.eventId,
        message: `consent ${view.consentId} ended on ${termEndAt(view.grant.term)}`,
        citation: 'Law 94-V Art. 8(5)',
      };
    case 'purposes-achieved':
      return {
        ...base,
        ...ref,
        code: 'purposes-achieved',
        message: `the purposes of consent ${view.consentId} were achieved`,
        citation: 'Law 94-V Art. 8(6)',
      };
    case 'suspended-policy-not-accepted':
      return {
        ...base,
        ...ref,
        code: 'policy-not-accepted',
        ...(view.policy.requiredVersionEventId ? { eventId: view.policy.requiredVersionEventId } : {}),
        message: `policy ${view.policy.policyId} version ${view.policy.requiredVersion}, in force since ${view.policy.requiredSince}, is a material change the person had not accepted`,
        citation: 'privacy policy preamble, §9.2 (a change takes effect when posted)',
      };
    default:
      break;
  }
  if (view.purposesAchieved.includes(query.purpose)) {
    return {
      ...base,
      ...ref,
      code: 'purposes-achieved',
      message: `purpose ${query.purpose} of consent ${view.consentId} was achieved`,
      citation: 'Law 94-V Art. 8(6)',
    };
  }
  const withdrawal = view.withdrawals.find((w) =>
    scopesTaken(w, catalogue).some((scope) => {
      const box = boxOf(scope);
      return box !== undefined && boxContains(box, query.purpose, query.recipient, category);
    }),
  );
  if (withdrawal) {
    return {
      ...base,
      ...ref,
      code: 'withdrawn',
      eventId: withdrawal.eventId,
      message: `withdrawn at ${withdrawal.occurredAt}`,
      citation: 'Law 94-V Art. 8(2)',
    };
  }
  if (crossBorder && !view.crossBorderTransferAllowed) {
    const crossBorderWithdrawal = view.withdrawals.find((w) => w.scope.crossBorderTransfer === true);
    return crossBorderWithdrawal
      ? {
          ...base,
          ...ref,
          code: 'cross-border-withdrawn',
          eventId: crossBorderWithdrawal.eventId,
          message: `cross-border transfer was withdrawn at ${crossBorderWithdrawal.occurredAt}`,
          citation: 'Law 94-V Art. 16',
        }
      : {
          ...base,
          ...ref,
          code: 'cross-border-not-allowed',
          eventId: view.grant.eventId,
          message: `recipient ${query.recipient} is outside Kazakhstan and consent ${view.consentId} does not allow cross-border transfer`,
          citation: 'Law 94-V Art. 7(6), 16',
        };
  }
  return {
    ...base,
    ...ref,
    code: 'no-consent',
    message: `consent ${view.consentId} does not cover ${category}`,
    citation: consentCitation(recipient),
  };
}

/**
 * The law that asks for consent here: Law 94-V for any transfer, and for a credit bureau Law 573-II
 * too (data to a non-state bureau, and any credit report, rest on consent: Art. 26(1)), for a pension
 * centre the Social Code (pension savings disclosed on the contributor's consent: Art. 55–56).
 */
function consentCitation(recipient: Recipient | undefined): string {
  const law94v = 'Law 94-V Art. 7(6), 8';
  if (recipient?.kind === 'credit-bureau') return `${law94v}; Law 573-II Art. 26(1)`;
  if (recipient?.kind === 'pension-centre') return `${law94v}; Social Code Art. 55–56`;
  return law94v;
}

/** One reason per cause, listing every category it affects. */
function mergeReasons(reasons: readonly Reason[]): Reason[] {
  const merged = new Map<string, Reason>();
  for (const reason of reasons) {
    const key = `${reason.code}|${reason.consentId ?? ''}|${reason.eventId ?? ''}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, reason);
    } else if (reason.dataCategories) {
      const categories = [...(seen.dataCategories ?? []), ...reason.dataCategories];
      merged.set(key, {
        ...seen,
        dataCategories: categories,
        message: seen.code === 'no-consent' ? `no consent covers ${categories.join(', ')}` : seen.message,
      });
    }
  }
  return [...merged.values()];
}

/** A withdrawal's box of (purpose, recipient, category) triples; undefined lists mean "all". */
export interface Box {
  readonly purposes?: readonly string[];
  readonly recipients?: readonly string[];
  readonly dataCategories?: readonly string[];
}

/** The triples a withdrawal takes back, or undefined when it only takes back a separate permission. */
export function boxOf(scope: WithdrawalScope): Box | undefined {
  const hasBox = scope.purposes !== undefined || scope.recipients !== undefined || scope.dataCategories !== undefined;
  const hasFlag = scope.crossBorderTransfer === true || scope.publication === true;
  if (!hasBox && hasFlag) return undefined;
  return { purposes: scope.purposes, recipients: scope.recipients, dataCategories: scope.dataCategories };
}

/**
 * Each box once: a person who withdraws the same thing a thousand times leaves one box to test each
 * (purpose, recipient, category) against, not a thousand (a consent's view is built per question).
 */
function distinctBoxes(scopes: readonly WithdrawalScope[]): Box[] {
  const boxes = new Map<string, Box>();
  for (const scope of scopes) {
    const box = boxOf(scope);
    if (box === undefined) continue;
    const key = boxKey(scope, box);
    if (!boxes.has(key)) boxes.set(key, box);
  }
  return [...boxes.values()];
}

/** A box's key, remembered per withdrawal's scope (the same scope is met once per consent it reaches). */
const boxKeys = new WeakMap<WithdrawalScope, string>();
function boxKey(scope: WithdrawalScope, box: Box): string {
  let key = boxKeys.get(scope);
  if (key === undefined) {
    key = JSON.stringify([box.purposes, box.recipients, box.dataCategories]);
    boxKeys.set(scope, key);
  }
  return key;
}

/** A whole scope's key, its separate permissions too (remembered likewise). */
const scopeKeys = new WeakMap<WithdrawalScope, string>();
function scopeKey(scope: WithdrawalScope): string {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = JSON.stringify([
      scope.purposes,
      scope.recipients,
      scope.dataCategories,
      scope.crossBorderTransfer === true,
      scope.publication === true,
    ]);
    scopeKeys.set(scope, key);
  }
  return key;
}

/** What a recorded withdrawal took, as the lending core is told: its scope's purposes narrowed to those held. */
export function scopeTaken(data: {
  readonly scope: WithdrawalScope;
  readonly purposesTaken?: readonly string[];
  readonly recipientsTaken?: readonly string[];
}): WithdrawalScope {
  const { scope, purposesTaken, recipientsTaken } = data;
  return {
    ...scope,
    ...(scope.purposes && purposesTaken ? { purposes: purposesTaken } : {}),
    ...(scope.recipients && recipientsTaken ? { recipients: recipientsTaken } : {}),
  };
}

/** A withdrawal that names nothing: the whole consent (or every consent). */
export function isWhole(scope: WithdrawalScope): boolean {
  return (
    scope.purposes === undefined &&
    scope.recipients === undefined &&
    scope.dataCategories === undefined &&
    scope.crossBorderTransfer !== true &&
    scope.publication !== true
  );
}

export function boxContains(box: Box, purpose: string, recipient: string | undefined, category: string): boolean {
  const inPurposes = box.purposes === undefined || box.purposes.includes(purpose);
  const inCategories = box.dataCategories === undefined || box.dataCategories.includes(category);
  // A box naming recipients takes back transfers to them, not the lender's own processing.
  const inRecipients = box.recipients === undefined || (recipient !== undefined && box.recipients.includes(recipient));
  return inPurposes && inCategories && inRecipients;
}

function isCrossBorderCode(catalogue: CatalogueIndex, code: string): boolean {
  const recipient = catalogue.recipients.get(code);
  return recipient !== undefined && isCrossBorder(recipient);
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

export type { PolicyVersion };

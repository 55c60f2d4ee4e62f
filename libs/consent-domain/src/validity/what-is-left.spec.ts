import fc from 'fast-check';
import { consentReceipt } from '../receipts/consent-receipt';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { addMs, Instant } from '../shared/instant';
import { SubjectCommand, subjectDecider } from '../subject/subject-decider';
import { ConsentGranted, SubjectEvent, WithdrawalScope } from '../subject/subject-events';
import { History } from '../testing/decider-spec';
import { catalogue, context, DAY, v1Only } from '../testing/fixtures';
import { consentsAt } from './validity';

/**
 * The decider, the receipts and the queries all read "what is left of a consent" from one rule.
 * Here random histories are decided, and each reader is held to a brute-force count of the
 * (purpose, lender or recipient, category) triples each consent still covers.
 */

const PURPOSES = ['advertising', 'credit-and-pension-checks', 'research'];
const RECIPIENTS = ['advertising-partners', 'advertising-partners-abroad', 'first-credit-bureau'];
const CATEGORIES = ['full-name', 'mobile-phone', 'iin'];
const LENDER = '(lender)';
const ABROAD = new Set(['advertising-partners-abroad']);
const START = Date.parse('2025-02-01T00:00:00.000Z');
const POLICIES = v1Only();

type Draft =
  | {
      kind: 'grant';
      purposes: string[];
      dataCategories: string[];
      recipients: string[];
      crossBorder: boolean;
      publication: boolean;
      /** Days after the grant, at noon, so that no other fact shares the instant. */
      termDays?: number;
    }
  | { kind: 'withdraw'; consent?: number; scope: WithdrawalScope }
  | { kind: 'achieve'; consent: number; purposes?: string[] }
  | { kind: 'disclose'; purpose: string; recipient: string; dataCategories: string[] };

const some = (codes: string[]) => fc.subarray(codes, { minLength: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const draft: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({
    kind: fc.constant('grant' as const),
    purposes: some(PURPOSES),
    dataCategories: some(CATEGORIES),
    recipients: fc.subarray(RECIPIENTS),
    crossBorder: fc.boolean(),
    publication: fc.boolean(),
    termDays: maybe(fc.integer({ min: 1, max: 12 })),
  }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    consent: maybe(fc.nat(4)),
    scope: fc.record(
      {
        purposes: some(PURPOSES),
        recipients: some(RECIPIENTS),
        dataCategories: some(CATEGORIES),
        crossBorderTransfer: fc.constant(true),
        publication: fc.constant(true),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant('achieve' as const), consent: fc.nat(4), purposes: maybe(some(PURPOSES)) }),
  fc.record({
    kind: fc.constant('disclose' as const),
    purpose: fc.constantFrom(...PURPOSES),
    recipient: fc.constantFrom(...RECIPIENTS),
    dataCategories: some(CATEGORIES),
  }),
);

// ---- the brute-force model: sets of triples, no boxes ----------------------------------------

type Triple = string;
const triple = (purpose: string, party: string, category: string): Triple => `${purpose}|${party}|${category}`;

interface ModelConsent {
  readonly id: string;
  readonly grant: ConsentGranted['data'];
  readonly at: Instant;
  readonly end?: Instant;
  readonly withdrawn: Set<Triple>;
  readonly achieved: Set<string>;
  crossBorder: boolean;
  flagged: boolean;
}

/** Every triple the consent names, abroad ones only while cross-border transfer is allowed. */
function named(c: ModelConsent, crossBorder: boolean): Set<Triple> {
  const out = new Set<Triple>();
  for (const p of c.grant.purposes) {
    for (const k of c.grant.dataCategories) {
      out.add(triple(p, LENDER, k));
      for (const r of c.grant.recipients) if (crossBorder || !ABROAD.has(r)) out.add(triple(p, r, k));
    }
  }
  return out;
}

/** The triples a scope names; a scope naming only a separate permission names none. */
function scopeTriples(scope: WithdrawalScope): Set<Triple> {
  const lists = scope.purposes ?? scope.recipients ?? scope.dataCategories;
  if (lists === undefined && (scope.crossBorderTransfer || scope.publication)) return new Set();
  const out = new Set<Triple>();
  for (const p of scope.purposes ?? PURPOSES) {
    for (const k of scope.dataCategories ?? CATEGORIES) {
      if (scope.recipients === undefined) out.add(triple(p, LENDER, k));
      for (const r of scope.recipients ?? RECIPIENTS) out.add(triple(p, r, k));
    }
  }
  return out;
}

function left(c: ModelConsent, at: Instant): Set<Triple> {
  if (c.end !== undefined && c.end <= at) return new Set();
  return new Set([...named(c, c.crossBorder)].filter((t) => !c.withdrawn.has(t) && !c.achieved.has(t.split('|')[0])));
}

function expectedStatus(c: ModelConsent, at: Instant): string {
  if (c.end !== undefined && c.end <= at) return 'expired';
  if (c.grant.purposes.every((p) => c.achieved.has(p))) return 'purposes-achieved';
  if (left(c, at).size === 0) return 'withdrawn';
  return c.flagged || c.achieved.size > 0 ? 'partially-withdrawn' : 'active';
}

function coverageTriples(coverage: ReturnType<typeof consentsAt>[number]['coverage']): Set<Triple> {
  const out = new Set<Triple>();
  for (const p of coverage) {
    p.dataCategories.forEach((k) => out.add(triple(p.purpose, LENDER, k)));
    p.recipients.forEach((r) => r.dataCategories.forEach((k) => out.add(triple(p.purpose, r.recipient, k))));
  }
  return out;
}

// ---- one history, decided command by command --------------------------------------------------

function run(drafts: readonly Draft[]) {
  const history = new History<SubjectEvent>();
  const model: ModelConsent[] = [];
  drafts.forEach((d, i) => {
    const now = addMs(new Date(START).toISOString(), i * DAY);
    const state = fold(subjectDecider, history.all);
    const command = commandOf(d, model, now, i);
    if (!command) return;
    let events: SubjectEvent[] | undefined;
    let refusal: DomainError | undefined;
    try {
      events = subjectDecider.decide(command, state, context(now, POLICIES));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = error;
    }

    if (d.kind === 'withdraw') {
      const targeted = d.consent === undefined ? model : model.filter((c) => c.id === `c${d.consent}`);
      const taken = scopeTriples(d.scope);
      // A scope naming nothing is the whole consent, its separate permissions too.
      const whole = Object.keys(d.scope).length === 0;
      // The decider records a withdrawal exactly when it takes something from a consent as given.
      const takes = targeted.some(
        (c) =>
          [...named(c, c.grant.crossBorderTransferAllowed)].some((t) => taken.has(t)) ||
          ((d.scope.crossBorderTransfer === true || whole) && c.grant.crossBorderTransferAllowed) ||
          ((d.scope.publication === true || whole) && c.grant.publicationAllowed),
      );
      expect({ recorded: events?.[0]?.type === 'ConsentWithdrawn', refusal: refusal?.code }).toEqual(
        takes ? { recorded: true, refusal: undefined } : { recorded: false, refusal: 'nothing-to-withdraw' },
      );
      if (takes) {
        for (const c of targeted) {
          taken.forEach((t) => c.withdrawn.add(t));
          if (d.scope.crossBorderTransfer || whole) c.crossBorder = false;
          c.flagged = true;
        }
      }
    }
    if (d.kind === 'disclose') {
      // A disclosure is recorded exactly when every category is still covered by some consent.
      const covered = d.dataCategories.every((k) =>
        model.some((c) => left(c, now).has(triple(d.purpose, d.recipient, k))),
      );
      expect(events?.[0]?.type).toBe(covered ? 'DisclosureRecorded' : 'DisclosureRefused');
    }
    if (d.kind === 'grant') {
      expect(refusal).toBeUndefined();
      const grant = (events![0] as ConsentGranted).data;
      const end = d.termDays !== undefined ? addMs(now, d.termDays * DAY + DAY / 2) : undefined;
      model.push({
        id: grant.consentId,
        grant,
        at: now,
        end,
        withdrawn: new Set(),
        achieved: new Set(),
        crossBorder: grant.crossBorderTransferAllowed,
        flagged: false,
      });
    }
    if (d.kind === 'achieve' && events) {
      const c = model.find((m) => m.id === `c${d.consent}`)!;
      (d.purposes ?? c.grant.purposes).forEach((p) => c.achieved.add(p));
    }
    events?.forEach((e) => history.add(e, now));
  });
  return { history, model, end: addMs(new Date(START).toISOString(), drafts.length * DAY) };
}

function commandOf(d: Draft, model: readonly ModelConsent[], now: Instant, i: number): SubjectCommand | undefined {
  const occurredAt = now;
  switch (d.kind) {
    case 'grant': {
      const term = d.termDays !== undefined ? addMs(now, d.termDays * DAY + DAY / 2) : undefined;
      return {
        type: 'GrantConsent',
        data: {
          consentId: `c${model.length}`,
          purposes: d.purposes,
          dataCategories: d.dataCategories,
          recipients: d.recipients,
          crossBorderTransferAllowed: d.crossBorder,
          publicationAllowed: d.publication,
          notifyOnDisclosure: false,
          term: term ? { kind: 'until', until: term } : { kind: 'until-purposes-achieved' },
          policyShown: { policyId: 'privacy', version: '1' },
          language: 'ru',
          collectionMethod: 'web-checkbox',
          evidence: [],
          occurredAt,
        },
      };
    }
    case 'withdraw':
      if (model.length === 0 || (d.consent !== undefined && d.consent >= model.length)) return undefined;
      return {
        type: 'WithdrawConsent',
        data: {
          withdrawalId: `w${i}`,
          ...(d.consent !== undefined ? { consentId: `c${d.consent}` } : {}),
          scope: d.scope,
          channel: 'paper',
          evidence: [],
          occurredAt,
        },
      };
    case 'achieve': {
      const c = model[d.consent];
      if (!c || (d.purposes && d.purposes.some((p) => !c.grant.purposes.includes(p)))) return undefined;
      return {
        type: 'RecordPurposesAchieved',
        data: { consentId: c.id, ...(d.purposes ? { purposes: d.purposes } : {}), occurredAt },
      };
    }
    case 'disclose':
      return {
        type: 'RecordDisclosure',
        data: {
          disclosureId: `d${i}`,
          purpose: d.purpose,
          recipient: d.recipient,
          dataCategories: d.dataCategories,
          occurredAt,
        },
      };
  }
}

describe('what is left of a consent, one rule for every reader', () => {
  it('the decider, the validity view and the receipt agree with a count of triples', () => {
    fc.assert(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 14 }), (drafts) => {
        const { history, model, end } = run(drafts);
        const state = fold(subjectDecider, history.all);
        const views = consentsAt(state, POLICIES, catalogue, { at: end, knownAt: end });
        expect(views.map((v) => v.consentId)).toEqual(model.map((c) => c.id));

        for (const c of model) {
          const view = views.find((v) => v.consentId === c.id)!;
          const status = expectedStatus(c, end);
          expect(view.status).toBe(status);
          expect(view.crossBorderTransferAllowed).toBe(c.crossBorder);
          const inForce = status === 'active' || status === 'partially-withdrawn';
          expect([...coverageTriples(view.coverage)].sort()).toEqual(inForce ? [...left(c, end)].sort() : []);

          // The receipt's last event leaves the consent where the view finds it.
          const receipt = consentReceipt({
            consent: view,
            catalogue,
            policyShown: POLICIES.privacy.versions[0],
            controller: {
              name: 'Lender',
              address: { streetAddress: 's', locality: 'l', country: 'KZ' },
              email: 'e',
              phone: 'p',
              contact: 'c',
            },
            subject: { subjectId: 'subject' },
            issuedAt: end,
            jurisdiction: 'KZ',
            purposesAchieved: state.purposesAchieved,
          });
          const events = receipt.iso27560.events;
          expect(events[events.length - 1].eventState).toBe(view.dpvState);
        }
      }),
      { numRuns: 300, seed: 94_008 },
    );
  });
});

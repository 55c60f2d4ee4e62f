import { fold } from '../shared/decider';
import { History } from '../testing/decider-spec';
import { catalogue, consentGranted, policyBook, v1Only } from '../testing/fixtures';
import { ConsentGranted, SubjectEvent } from '../subject/subject-events';
import { subjectDecider } from '../subject/subject-decider';
import { checkCoverage, consentsAt, CoverageQuery, PolicyBook } from './validity';

const consent = (patch: Partial<ConsentGranted['data']> = {}): ConsentGranted =>
  consentGranted({
    purposes: ['advertising', 'credit-and-pension-checks'],
    dataCategories: ['full-name', 'iin', 'mobile-phone'],
    recipients: ['advertising-partners', 'first-credit-bureau'],
    ...patch,
  });
const accepted = (version: string): SubjectEvent => ({
  type: 'PolicyVersionAccepted',
  data: { policyId: 'privacy', version, method: 'web-checkbox', evidence: [] },
});
const withdrawn = (data: Partial<Extract<SubjectEvent, { type: 'ConsentWithdrawn' }>['data']>): SubjectEvent => ({
  type: 'ConsentWithdrawn',
  data: { withdrawalId: 'w', scope: {}, channel: 'paper', evidence: [], ...data },
});

const JAN = '2025-01-10T00:00:00.000Z';
function ask(
  history: History<SubjectEvent>,
  query: Partial<CoverageQuery> & { at: string; knownAt: string },
  policies: PolicyBook = v1Only(),
) {
  return checkCoverage(fold(subjectDecider, history.all), policies, catalogue, {
    purpose: 'advertising',
    recipient: 'advertising-partners',
    dataCategories: ['mobile-phone'],
    ...query,
  });
}
const base = () => new History<SubjectEvent>().add(consent(), JAN).add(accepted('1'), JAN);

describe('validity at T as known at T′', () => {
  it('is not valid before the consent was given, nor as known before it was recorded', () => {
    const history = new History<SubjectEvent>()
      .add(consent(), JAN, '2025-01-20T00:00:00.000Z')
      .add(accepted('1'), JAN, '2025-01-20T00:00:00.000Z');
    expect(ask(history, { at: '2025-01-09T00:00:00.000Z', knownAt: '2025-02-01T00:00:00.000Z' }).allowed).toBe(false);
    expect(ask(history, { at: '2025-01-15T00:00:00.000Z', knownAt: '2025-01-15T00:00:00.000Z' }).allowed).toBe(false);
    const now = ask(history, { at: '2025-01-15T00:00:00.000Z', knownAt: '2025-02-01T00:00:00.000Z' });
    expect(now.allowed).toBe(true);
    expect(now.basis).toEqual({ kind: 'consent', consents: [{ consentId: 'c1', dataCategories: ['mobile-phone'] }] });
    expect(now.justifiedBy).toEqual(['event-0', 'policy-event-0', 'event-1']);
  });

  it('answers a late withdrawal differently as known before and after it arrived', () => {
    // Withdrawn on paper on 1 March, keyed in on 10 March.
    const history = base().add(withdrawn({}), '2025-03-01T00:00:00.000Z', '2025-03-10T00:00:00.000Z');
    const T = '2025-03-05T00:00:00.000Z';
    const before = ask(history, { at: T, knownAt: '2025-03-06T00:00:00.000Z' });
    const after = ask(history, { at: T, knownAt: '2025-03-11T00:00:00.000Z' });
    expect(before.allowed).toBe(true);
    expect(after.allowed).toBe(false);
    expect(after.reasons).toEqual([expect.objectContaining({ code: 'withdrawn', eventId: 'event-2' })]);
    // Before the withdrawal happened, it was valid whatever the ledger knows.
    expect(ask(history, { at: '2025-02-28T00:00:00.000Z', knownAt: '2025-03-11T00:00:00.000Z' }).allowed).toBe(true);
  });

  it('lets a withdrawal without consent id reach a paper consent signed before it but keyed in after it', () => {
    const history = new History<SubjectEvent>()
      .add(withdrawn({ scope: { purposes: ['advertising'] } }), '2025-02-01T00:00:00.000Z')
      .add(consent(), JAN, '2025-02-05T00:00:00.000Z')
      .add(accepted('1'), JAN, '2025-02-05T00:00:00.000Z');
    expect(ask(history, { at: '2025-01-20T00:00:00.000Z', knownAt: '2025-02-06T00:00:00.000Z' }).allowed).toBe(true);
    expect(ask(history, { at: '2025-02-02T00:00:00.000Z', knownAt: '2025-02-06T00:00:00.000Z' }).allowed).toBe(false);
  });

  it('does not let an older withdrawal reach a consent given after it', () => {
    const history = base()
      .add(withdrawn({ scope: { purposes: ['advertising'] } }), '2025-02-01T00:00:00.000Z')
      .add(consent({ consentId: 'c2' }), '2025-02-10T00:00:00.000Z');
    const answer = ask(history, { at: '2025-02-11T00:00:00.000Z', knownAt: '2025-02-11T00:00:00.000Z' });
    expect(answer.basis).toEqual({
      kind: 'consent',
      consents: [{ consentId: 'c2', dataCategories: ['mobile-phone'] }],
    });
  });

  it('takes back only the part of the scope withdrawn', () => {
    const history = base().add(
      withdrawn({ consentId: 'c1', scope: { recipients: ['advertising-partners'], dataCategories: ['mobile-phone'] } }),
      '2025-02-01T00:00:00.000Z',
    );
    const at = { at: '2025-02-02T00:00:00.000Z', knownAt: '2025-02-02T00:00:00.000Z' };
    expect(ask(history, at).allowed).toBe(false);
    expect(ask(history, { ...at, dataCategories: ['full-name'] }).allowed).toBe(true);
    expect(
      ask(history, { ...at, recipient: 'first-credit-bureau', purpose: 'credit-and-pension-checks' }).allowed,
    ).toBe(true);
    // Naming recipients takes back transfers, not the lender's own processing.
    expect(ask(history, { ...at, recipient: undefined }).allowed).toBe(true);
    const [view] = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, at);
    expect(view.status).toBe('partially-withdrawn');
  });

  it('takes back cross-border transfer and publication with the whole consent, not only what it covers', () => {
    // A withdrawal naming nothing withdraws the whole consent; those are parts of it that a receipt
    // states on their own (Law 94-V Art. 7(6), 8(4)(5)-(6)).
    const history = new History<SubjectEvent>()
      .add(consent({ crossBorderTransferAllowed: true, publicationAllowed: true }), JAN)
      .add(accepted('1'), JAN)
      .add(withdrawn({ consentId: 'c1', scope: {} }), '2025-02-01T00:00:00.000Z');
    const at = (day: string) => ({ at: day, knownAt: day });
    const [before] = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, at('2025-01-20T00:00:00.000Z'));
    expect(before).toMatchObject({ status: 'active', crossBorderTransferAllowed: true, publicationAllowed: true });
    const [after] = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, at('2025-02-02T00:00:00.000Z'));
    expect(after).toMatchObject({ status: 'withdrawn', crossBorderTransferAllowed: false, publicationAllowed: false });
  });

  it('ends with the term', () => {
    const history = new History<SubjectEvent>()
      .add(consent({ term: { kind: 'until', until: '2025-02-01T00:00:00.000Z' } }), JAN)
      .add(accepted('1'), JAN);
    expect(ask(history, { at: '2025-01-31T23:59:59.999Z', knownAt: '2025-03-01T00:00:00.000Z' }).allowed).toBe(true);
    const ended = ask(history, { at: '2025-02-01T00:00:00.000Z', knownAt: '2025-03-01T00:00:00.000Z' });
    expect(ended.reasons).toEqual([expect.objectContaining({ code: 'term-ended' })]);
  });

  it('ends when the purposes are recorded as achieved', () => {
    const history = base().add(
      { type: 'ConsentPurposesAchieved', data: { consentId: 'c1', purposes: ['advertising'] } },
      '2025-02-01T00:00:00.000Z',
    );
    const answer = ask(history, { at: '2025-02-02T00:00:00.000Z', knownAt: '2025-02-02T00:00:00.000Z' });
    expect(answer.reasons).toEqual([expect.objectContaining({ code: 'purposes-achieved' })]);
    expect(
      ask(history, {
        at: '2025-02-02T00:00:00.000Z',
        knownAt: '2025-02-02T00:00:00.000Z',
        purpose: 'credit-and-pension-checks',
        recipient: 'first-credit-bureau',
      }).allowed,
    ).toBe(true);
  });

  describe('a material policy change', () => {
    const policies = policyBook(
      { version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true },
      {
        version: '2',
        effectiveFrom: '2025-03-01T00:00:00.000Z',
        materialChange: true,
        recordedAt: '2025-02-20T00:00:00.000Z',
      },
      {
        version: '3',
        effectiveFrom: '2025-04-01T00:00:00.000Z',
        materialChange: false,
        recordedAt: '2025-03-20T00:00:00.000Z',
      },
    );
    const at = (t: string) => ({ at: t, knownAt: '2025-06-01T00:00:00.000Z' });

    it('suspends validity from when it takes effect until the person accepts it', () => {
      const history = base().add(accepted('2'), '2025-03-15T00:00:00.000Z');
      expect(ask(history, at('2025-02-28T00:00:00.000Z'), policies).allowed).toBe(true);
      const suspended = ask(history, at('2025-03-10T00:00:00.000Z'), policies);
      expect(suspended.reasons).toEqual([expect.objectContaining({ code: 'policy-not-accepted' })]);
      // The answer says from when, and under what rule, without looking the policy up.
      expect(suspended.reasons[0]).toMatchObject({
        message: expect.stringContaining('in force since 2025-03-01T00:00:00.000Z'),
        citation: expect.stringContaining('§9.2'),
      });
      expect(ask(history, at('2025-03-16T00:00:00.000Z'), policies).allowed).toBe(true);
    });

    it('stays suspended under a later non-material version until the material one is accepted', () => {
      expect(ask(base(), at('2025-04-15T00:00:00.000Z'), policies).allowed).toBe(false);
      const acceptedLater = base().add(accepted('3'), '2025-04-20T00:00:00.000Z');
      expect(ask(acceptedLater, at('2025-04-21T00:00:00.000Z'), policies).allowed).toBe(true);
    });

    it('was not suspended as known before the version was published', () => {
      expect(
        ask(base(), { at: '2025-03-10T00:00:00.000Z', knownAt: '2025-02-19T00:00:00.000Z' }, policies).allowed,
      ).toBe(true);
    });

    it("keeps the lender's own processing for a purpose a law requires, and nothing else, while suspended (Art. 8(2))", () => {
      // Given a consent covering keeping credit dossiers (a law requires it) and advertising, when a
      // material change takes effect and is not accepted, then advertising and every transfer stop,
      // but the lender's own dossier-keeping goes on: not accepting a new text cannot stop processing
      // that even a withdrawal could not.
      const history = new History<SubjectEvent>()
        .add(consent({ purposes: ['dossier-keeping', 'advertising'] }), JAN)
        .add(accepted('1'), JAN);
      const during = at('2025-03-10T00:00:00.000Z');
      const own = ask(history, { ...during, purpose: 'dossier-keeping', recipient: undefined }, policies);
      expect(own.allowed).toBe(true);
      const transfer = ask(history, { ...during, purpose: 'dossier-keeping' }, policies);
      expect(transfer.reasons).toEqual([expect.objectContaining({ code: 'policy-not-accepted' })]);
      expect(ask(history, { ...during, recipient: undefined }, policies).allowed).toBe(false);
      const [view] = consentsAt(fold(subjectDecider, history.all), policies, catalogue, during);
      expect(view.status).toBe('suspended-policy-not-accepted');
      expect(view.coverage).toEqual([
        { purpose: 'dossier-keeping', dataCategories: ['full-name', 'iin', 'mobile-phone'], recipients: [] },
      ]);
    });

    it('shows the consent as suspended, naming the version required', () => {
      const [view] = consentsAt(fold(subjectDecider, base().all), policies, catalogue, at('2025-03-10T00:00:00.000Z'));
      expect(view).toMatchObject({
        status: 'suspended-policy-not-accepted',
        dpvState: 'dpv:ConsentInvalidated',
        policy: {
          requiredVersion: '2',
          requiredSince: '2025-03-01T00:00:00.000Z',
          acceptedVersion: '1',
          satisfied: false,
        },
        coverage: [],
      });
    });
  });

  it('needs the cross-border permission, and loses it when that alone is withdrawn', () => {
    const history = new History<SubjectEvent>()
      .add(consent({ recipients: ['advertising-partners-abroad'], crossBorderTransferAllowed: true }), JAN)
      .add(accepted('1'), JAN)
      .add(withdrawn({ scope: { crossBorderTransfer: true } }), '2025-02-01T00:00:00.000Z');
    const q = { recipient: 'advertising-partners-abroad', knownAt: '2025-03-01T00:00:00.000Z' };
    expect(ask(history, { ...q, at: '2025-01-20T00:00:00.000Z' })).toMatchObject({ allowed: true, crossBorder: true });
    expect(ask(history, { ...q, at: '2025-02-02T00:00:00.000Z' }).reasons).toEqual([
      expect.objectContaining({ code: 'cross-border-withdrawn' }),
    ]);
    // The lender's own processing is untouched by the cross-border withdrawal.
    expect(ask(history, { ...q, recipient: undefined, at: '2025-02-02T00:00:00.000Z' }).allowed).toBe(true);
  });

  it('combines consents that each cover some of the categories', () => {
    const history = new History<SubjectEvent>()
      .add(consent({ dataCategories: ['full-name'] }), JAN)
      .add(accepted('1'), JAN)
      .add(consent({ consentId: 'c2', dataCategories: ['mobile-phone'] }), JAN);
    const answer = ask(history, {
      dataCategories: ['full-name', 'mobile-phone'],
      at: '2025-02-01T00:00:00.000Z',
      knownAt: '2025-02-01T00:00:00.000Z',
    });
    expect(answer.basis).toEqual({
      kind: 'consent',
      consents: [
        { consentId: 'c1', dataCategories: ['full-name'] },
        { consentId: 'c2', dataCategories: ['mobile-phone'] },
      ],
    });
  });

  it('says when a consent was given only after T', () => {
    const history = new History<SubjectEvent>()
      .add(consent(), '2025-02-01T00:00:00.000Z')
      .add(accepted('1'), '2025-02-01T00:00:00.000Z');
    expect(ask(history, { at: JAN, knownAt: '2025-03-01T00:00:00.000Z' }).reasons).toEqual([
      expect.objectContaining({ code: 'consent-given-later', consentId: 'c1' }),
    ]);
    // A later consent that does not name the recipient would not have covered it either.
    const later = new History<SubjectEvent>()
      .add(consent({ recipients: ['first-credit-bureau'] }), '2025-02-01T00:00:00.000Z')
      .add(accepted('1'), '2025-02-01T00:00:00.000Z');
    expect(ask(later, { at: JAN, knownAt: '2025-03-01T00:00:00.000Z' }).reasons).toEqual([
      expect.objectContaining({ code: 'no-consent' }),
    ]);
  });

  it('cites the law that asks for consent: Law 573-II for a credit bureau, the Social Code for a pension centre', () => {
    const none = new History<SubjectEvent>();
    const citation = (recipient: string, purpose = 'credit-and-pension-checks') =>
      ask(none, { recipient, purpose, dataCategories: ['iin'], at: JAN, knownAt: JAN }).reasons[0].citation;
    expect(citation('first-credit-bureau')).toBe('Law 94-V Art. 7(6), 8; Law 573-II Art. 26(1)');
    expect(citation('state-credit-bureau')).toBe('Law 94-V Art. 7(6), 8; Law 573-II Art. 26(1)');
    expect(citation('enpf')).toBe('Law 94-V Art. 7(6), 8; Social Code Art. 55–56');
    expect(citation('advertising-partners', 'advertising')).toBe('Law 94-V Art. 7(6), 8');
    // A consent that names the bureau but not the data: the same law asks for it.
    const history = base();
    const uncovered = ask(history, {
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['credit-history'],
      at: '2025-02-01T00:00:00.000Z',
      knownAt: '2025-02-01T00:00:00.000Z',
    });
    expect(uncovered.reasons).toEqual([
      expect.objectContaining({ code: 'no-consent', citation: 'Law 94-V Art. 7(6), 8; Law 573-II Art. 26(1)' }),
    ]);
  });
});

describe('late facts about the past (a fact dated earlier is a new fact, not a duplicate)', () => {
  const NOV = (day: number) => `2025-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  const v3 = () =>
    policyBook(
      { version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true },
      { version: '3', effectiveFrom: NOV(10), materialChange: true },
    );

  it('counts a paper grant under v3 as accepting v3 from its own date, though a later acceptance was on record', () => {
    // v3 (material) in force 11-10; an acceptance of v3 dated 11-12 recorded first; then a paper grant
    // shown under v3, dated 11-10, keyed in on 11-14. Through the decider, as the ledger records it.
    const ctx = { now: NOV(14), time: { lateWindowMs: 30 * 86_400_000, clockSkewMs: 0 }, catalogue, policies: v3() };
    const history = new History<SubjectEvent>().add(accepted('3'), NOV(12), NOV(12));
    const grant = subjectDecider.decide(
      {
        type: 'GrantConsent',
        data: {
          ...consent({ policyShown: { policyId: 'privacy', version: '3' } }).data,
          occurredAt: NOV(10),
        },
      },
      fold(subjectDecider, history.all),
      ctx,
    );
    for (const event of grant) history.add(event, NOV(10), NOV(14));
    const at11 = ask(history, { at: NOV(11), knownAt: NOV(15) }, v3());
    expect(at11.allowed).toBe(true);
    // As known before the paper grant was keyed in, there was no consent at all on 11-11.
    expect(ask(history, { at: NOV(11), knownAt: NOV(13) }, v3()).allowed).toBe(false);
  });

  it('counts an earlier-dated acceptance from its own date', () => {
    const history = new History<SubjectEvent>()
      .add(consent(), NOV(1), NOV(1))
      .add(accepted('1'), NOV(1), NOV(1))
      .add(accepted('3'), NOV(12), NOV(12))
      .add(accepted('3'), NOV(10), NOV(14));
    expect(ask(history, { at: NOV(11), knownAt: NOV(13) }, v3()).reasons[0]?.code).toBe('policy-not-accepted');
    expect(ask(history, { at: NOV(11), knownAt: NOV(15) }, v3()).allowed).toBe(true);
  });

  it('takes a later version accepted by T as accepting the material version in force', () => {
    const books = policyBook(
      { version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true },
      { version: '2', effectiveFrom: NOV(5), materialChange: true },
      { version: '3', effectiveFrom: NOV(10), materialChange: false },
    );
    const history = new History<SubjectEvent>()
      .add(consent(), NOV(1), NOV(1))
      .add(accepted('1'), NOV(1), NOV(1))
      .add(accepted('3'), NOV(11), NOV(11));
    expect(ask(history, { at: NOV(8), knownAt: NOV(20) }, books).reasons[0]?.code).toBe('policy-not-accepted');
    expect(ask(history, { at: NOV(12), knownAt: NOV(20) }, books).allowed).toBe(true);
  });

  it('ends a consent at the earliest achievement of its purposes known at T′ (Art. 8(5)-(6))', () => {
    const achieved = (): SubjectEvent => ({
      type: 'ConsentPurposesAchieved',
      data: { consentId: 'c1', purposes: ['advertising', 'credit-and-pension-checks'] },
    });
    const history = new History<SubjectEvent>()
      .add(consent(), NOV(11), NOV(11))
      .add(accepted('1'), NOV(11), NOV(11))
      .add(achieved(), NOV(16), NOV(16))
      .add(achieved(), NOV(13), NOV(17));
    expect(ask(history, { at: NOV(14), knownAt: NOV(16) }).allowed).toBe(true);
    const now = ask(history, { at: NOV(14), knownAt: NOV(18) });
    expect(now.allowed).toBe(false);
    expect(now.reasons[0].code).toBe('purposes-achieved');
  });
});

describe('a legal basis named that does not apply', () => {
  it('is refused with its article: processing without consent only in the cases a law sets (94-V Art. 9)', () => {
    const answer = ask(base(), {
      at: '2025-03-05T00:00:00.000Z',
      knownAt: '2025-03-05T00:00:00.000Z',
      legalBasis: 'microcredit-reporting',
      recipient: 'state-credit-bureau',
      purpose: 'advertising',
      dataCategories: ['iin'],
    });
    expect(answer.reasons).toContainEqual(
      expect.objectContaining({ code: 'legal-basis-not-applicable', citation: 'Law 94-V Art. 9' }),
    );
  });
});

describe('an erased person', () => {
  const erased = (): SubjectEvent => ({ type: 'SubjectErased', data: { reason: 'court-decision' } });

  it('may be processed for nothing after the erasure, while answers before it still come from history', () => {
    const history = base().add(erased(), '2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z');
    const after = ask(history, { at: '2025-03-05T00:00:00.000Z', knownAt: '2025-03-05T00:00:00.000Z' });
    expect(after.allowed).toBe(false);
    expect(after.reasons).toEqual([
      expect.objectContaining({ code: 'subject-erased', citation: expect.stringContaining('Art. 18') }),
    ]);
    expect(
      ask(history, {
        at: '2025-03-05T00:00:00.000Z',
        knownAt: '2025-03-05T00:00:00.000Z',
        legalBasis: 'microcredit-reporting',
        recipient: 'state-credit-bureau',
        purpose: 'legal-obligations',
        dataCategories: ['iin'],
      }).allowed,
    ).toBe(false);
    expect(ask(history, { at: '2025-02-01T00:00:00.000Z', knownAt: '2025-03-05T00:00:00.000Z' }).allowed).toBe(true);
    // As known before the erasure was recorded, the consent stood.
    expect(ask(history, { at: '2025-03-01T12:00:00.000Z', knownAt: '2025-03-01T18:00:00.000Z' }).allowed).toBe(true);
    const views = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, {
      at: '2025-03-05T00:00:00.000Z',
      knownAt: '2025-03-05T00:00:00.000Z',
    });
    expect(views.map((v) => [v.status, v.coverage])).toEqual([['erased', []]]);
  });

  it('is processed for nothing only after the erasure: at its own instant, where the last fact may lie, history answers', () => {
    // The decider accepts an erasure dated at the instant of the last fact (a disclosure recorded
    // then as covered); answering subject-erased at that instant would list it as no longer covered.
    const instant = '2025-03-01T00:00:00.000Z';
    const history = base().add(erased(), instant, '2025-03-02T00:00:00.000Z');
    const known = '2025-03-05T00:00:00.000Z';
    expect(ask(history, { at: instant, knownAt: known }).allowed).toBe(true);
    expect(ask(history, { at: '2025-03-01T00:00:00.001Z', knownAt: known }).reasons).toEqual([
      expect.objectContaining({ code: 'subject-erased' }),
    ]);
    const views = (at: string) =>
      consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, { at, knownAt: known }).map((v) => v.status);
    expect([views(instant), views('2025-03-01T00:00:00.001Z')]).toEqual([['active'], ['erased']]);
  });
});

import { fold } from '../shared/decider';
import { addMs, Instant, toInstant } from '../shared/instant';
import { History } from '../testing/decider-spec';
import { catalogue, consentGranted, DAY, policyBook } from '../testing/fixtures';
import { SubjectEvent } from '../subject/subject-events';
import { subjectDecider } from '../subject/subject-decider';
import { SubjectState } from '../subject/subject-state';
import { checkCoverage, consentLeft, consentsAt, coverageAt, PolicyBook } from './validity';

/**
 * What a question costs on a long history, counted in reads of the person's lists (never in time):
 * a person with thousands of facts must not make each answer quadratic in them.
 */

const START = toInstant(Date.parse('2025-01-01T00:00:00.000Z'));
const at = (minutes: number): Instant => addMs(START, minutes * 60_000);

/** The array, and how many of its elements were read since. */
function counted<T>(items: readonly T[]): { list: T[]; reads: () => number } {
  let reads = 0;
  const list = new Proxy([...items], {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { list, reads: () => reads };
}

/** A person who consented `n` times, each grant also accepting version 1. */
function longHistory(n: number): SubjectState {
  const history = new History<SubjectEvent>();
  for (let i = 0; i < n; i += 1) {
    history.add(
      consentGranted({
        consentId: `c${i}`,
        purposes: ['advertising', 'credit-and-pension-checks'],
        dataCategories: ['full-name', 'iin', 'mobile-phone'],
        recipients: ['advertising-partners', 'first-credit-bureau'],
      }),
      at(i),
    );
    history.add(
      {
        type: 'PolicyVersionAccepted',
        data: { policyId: 'privacy', version: '1', method: 'web-checkbox', evidence: [] },
      },
      at(i),
    );
  }
  return fold(subjectDecider, history.all);
}

describe('the cost of a question on a long history', () => {
  const n = 300;
  const moment = { at: at(10 * n), knownAt: at(10 * n) };

  it('works out the policy standing once per policy, not once per consent', () => {
    const state = longHistory(n);
    const acceptances = counted(state.acceptances);
    const views = consentsAt({ ...state, acceptances: acceptances.list }, manyVersions(1), catalogue, moment);
    expect(views).toHaveLength(n);
    expect(views.every((v) => v.policy.satisfied)).toBe(true);
    // One pass over the acceptances (n of them), where one per consent read n × n.
    expect(acceptances.reads()).toBeLessThanOrEqual(2 * n);
  });

  it('ranks the accepted versions by lookup, however many versions the policy has', () => {
    const state = longHistory(n);
    const book = manyVersions(n);
    const versions = counted(book.privacy!.versions);
    const views = consentsAt(state, { privacy: { ...book.privacy!, versions: versions.list } }, catalogue, moment);
    expect(views.every((v) => v.policy.requiredVersion === String(n) && !v.policy.satisfied)).toBe(true);
    // The versions are read a few times over, not once per acceptance (n × n).
    expect(versions.reads()).toBeLessThanOrEqual(4 * n);
  });

  it('tests what is left of a consent against each withdrawn box once, however often it was withdrawn', () => {
    const consent = longHistory(1).consents[0]!;
    const includesCalls = (copies: number) => {
      let calls = 0;
      const scopes = Array.from({ length: copies }, () => {
        const purposes = ['advertising'];
        const includes = purposes.includes.bind(purposes);
        purposes.includes = (value: string) => {
          calls += 1;
          return includes(value);
        };
        return { purposes };
      });
      const left = consentLeft(consent, { withdrawals: scopes, achieved: new Set() }, catalogue);
      expect(left.coverage.map((p) => p.purpose)).toEqual(['credit-and-pension-checks']);
      return calls;
    };
    expect(includesCalls(500)).toBe(includesCalls(1));
  });

  it('lets a consent cite only the withdrawals that took something from it, however many reached it', () => {
    const withdrawal = (i: number, scope: object): SubjectEvent => ({
      type: 'ConsentWithdrawn',
      data: { withdrawalId: `w${i}`, scope, channel: 'paper', evidence: [] },
    });
    const history = new History<SubjectEvent>()
      .add(
        consentGranted({
          consentId: 'c1',
          purposes: ['advertising', 'research'],
          dataCategories: ['full-name', 'iin'],
          recipients: ['advertising-partners'],
        }),
        at(0),
      )
      .add(
        {
          type: 'PolicyVersionAccepted',
          data: { policyId: 'privacy', version: '1', method: 'web-checkbox', evidence: [] },
        },
        at(0),
      );
    // The same two withdrawals over and over, each scope written two ways, and one that takes nothing new.
    for (let i = 0; i < n; i += 1) {
      history.add(
        withdrawal(i, i % 2 ? { purposes: ['advertising'] } : { dataCategories: ['iin'], purposes: ['research'] }),
        at(1 + i),
      );
      history.add(withdrawal(n + i, { purposes: ['research'], dataCategories: ['iin'] }), at(1 + i));
    }
    history.add(withdrawal(2 * n, { purposes: ['advertising'], recipients: ['advertising-partners'] }), at(2 * n));
    const state = fold(subjectDecider, history.all);
    expect(state.withdrawals).toHaveLength(2 * n + 1);
    const [view] = consentsAt(state, manyVersions(1), catalogue, moment);
    // w0 took research/iin, w1 advertising; every other only repeated what they had taken.
    expect(view!.withdrawals.map((w) => w.withdrawalId)).toEqual(['w0', 'w1']);
    expect(view!.justifiedBy).toEqual(['event-0', 'event-2', 'event-4', 'policy-event-0', 'event-1']);
    expect(view!.status).toBe('partially-withdrawn');
    expect(view!.coverage).toEqual([
      {
        purpose: 'research',
        dataCategories: ['full-name'],
        recipients: [{ recipient: 'advertising-partners', dataCategories: ['full-name'] }],
      },
    ]);
    const refused = checkCoverage(state, manyVersions(1), catalogue, {
      purpose: 'advertising',
      recipient: 'advertising-partners',
      dataCategories: ['full-name'],
      ...moment,
    });
    expect(refused.reasons).toEqual([expect.objectContaining({ code: 'withdrawn', eventId: 'event-4' })]);
  });

  it('stops at the consents that cover an allowed answer: the later ones are not worked out for it', async () => {
    const state = longHistory(n);
    const withdrawal: SubjectEvent = {
      type: 'ConsentWithdrawn',
      data: { withdrawalId: 'w', scope: { purposes: ['advertising'] }, channel: 'paper', evidence: [] },
    };
    const withdrawals = counted(
      fold(subjectDecider, new History<SubjectEvent>('withdrawal').add(withdrawal, at(n)).all).withdrawals,
    );
    const question = {
      purpose: 'credit-and-pension-checks',
      recipient: 'first-credit-bureau',
      dataCategories: ['iin'],
    };
    const allowed = checkCoverage({ ...state, withdrawals: withdrawals.list }, manyVersions(1), catalogue, {
      ...question,
      ...moment,
    });
    expect(allowed.basis).toEqual({ kind: 'consent', consents: [{ consentId: 'c0', dataCategories: ['iin'] }] });
    // One consent's view, reading the one withdrawal once, where all n views read it n times.
    expect(withdrawals.reads()).toBeLessThanOrEqual(2);
    // A refusal still weighs every consent: its reasons and evidence cite them all.
    const refused = checkCoverage({ ...state, withdrawals: withdrawals.list }, manyVersions(1), catalogue, {
      ...question,
      purpose: 'advertising',
      recipient: 'advertising-partners',
      ...moment,
    });
    expect(refused.allowed).toBe(false);
    // Every consent, the policy version, the acceptance that stands, and the withdrawal.
    expect(refused.justifiedBy).toHaveLength(n + 3);
  });

  it('answers a matrix of questions about one moment from one pass over the consents', () => {
    const state = longHistory(n);
    const consents = counted(state.consents);
    const check = coverageAt({ ...state, consents: consents.list }, manyVersions(1), catalogue, moment);
    const cells = ['full-name', 'iin', 'mobile-phone'].flatMap((category) =>
      ['advertising-partners', 'first-credit-bureau', 'enpf'].map((recipient) =>
        check({ purpose: 'advertising', recipient, dataCategories: [category] }),
      ),
    );
    expect(cells.map((c) => c.allowed)).toEqual([true, true, false, true, true, false, true, true, false]);
    // Nine answers from the views built once (n reads), not nine times, and for each of the three
    // refused cells one look for a consent given later (n reads each).
    expect(consents.reads()).toBeLessThanOrEqual(n + 3 * n);
    expect(cells[0]).toEqual(
      checkCoverage(state, manyVersions(1), catalogue, {
        purpose: 'advertising',
        recipient: 'advertising-partners',
        dataCategories: ['full-name'],
        ...moment,
      }),
    );
  });
});

/** The privacy policy in `count` versions, each a material change, one a day from 2024. */
function manyVersions(count: number): PolicyBook {
  return policyBook(
    ...Array.from({ length: count }, (_, i) => ({
      version: String(i + 1),
      effectiveFrom: addMs(toInstant(Date.parse('2024-01-01T00:00:00.000Z')), i * DAY),
      materialChange: true,
    })),
  );
}

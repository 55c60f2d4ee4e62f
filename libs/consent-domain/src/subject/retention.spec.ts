import { deciderSpec, History } from '../testing/decider-spec';
import { catalogue, consentGranted, context } from '../testing/fixtures';
import { subjectDecider } from './subject-decider';
import { ConsentGranted, SubjectEvent } from './subject-events';
import { fold } from '../shared/decider';
import { erasureDueAt, RetentionRules, validateRetentionRules } from './retention';

const rules: RetentionRules = { defaultYears: 5, byDataCategory: { 'credit-history': 7 }, creditBureauYears: 10 };
const consent = (patch: Record<string, unknown> = {}): SubjectEvent =>
  consentGranted({
    purposes: ['advertising'],
    dataCategories: ['mobile-phone'],
    recipients: ['advertising-partners'],
    term: { kind: 'until', until: '2020-06-01T00:00:00.000Z' },
    ...(patch as Partial<ConsentGranted['data']>),
  });

describe('retention', () => {
  it('runs from the end of the relationship once no loan is open and no consent is in force', () => {
    const ended = new History<SubjectEvent>().add(consent(), '2020-01-01T00:00:00.000Z');
    // The consent's term ran out on 1 June 2020, after the last event.
    expect(erasureDueAt(fold(subjectDecider, ended.all), rules, catalogue, '2021-01-01T00:00:00.000Z')).toBe(
      '2025-06-01T00:00:00.000Z',
    );
    const withdrawnLater = ended.add(
      {
        type: 'ConsentWithdrawn',
        data: { withdrawalId: 'w', scope: {}, channel: 'paper', evidence: [] },
      } as SubjectEvent,
      '2020-08-01T00:00:00.000Z',
    );
    expect(erasureDueAt(fold(subjectDecider, withdrawnLater.all), rules, catalogue, '2021-01-01T00:00:00.000Z')).toBe(
      '2025-08-01T00:00:00.000Z',
    );
  });

  it('waits while a consent is in force or a loan is open', () => {
    const inForce = new History<SubjectEvent>().add(
      consent({ term: { kind: 'until-purposes-achieved' } }),
      '2020-01-01T00:00:00.000Z',
    );
    expect(
      erasureDueAt(fold(subjectDecider, inForce.all), rules, catalogue, '2030-01-01T00:00:00.000Z'),
    ).toBeUndefined();
    const loan = new History<SubjectEvent>()
      .add(consent(), '2020-01-01T00:00:00.000Z')
      .add({ type: 'LoanContractSigned', data: { loanId: 'L' } }, '2020-01-02T00:00:00.000Z');
    expect(erasureDueAt(fold(subjectDecider, loan.all), rules, catalogue, '2030-01-01T00:00:00.000Z')).toBeUndefined();
  });

  it('keeps a category longer when configured, and 10 years after the last disclosure to a credit bureau', () => {
    const history = new History<SubjectEvent>()
      .add(consent({ dataCategories: ['credit-history'] }), '2020-01-01T00:00:00.000Z')
      .add(
        {
          type: 'DisclosureRecorded',
          data: {
            disclosureId: 'd',
            recipient: 'state-credit-bureau',
            purpose: 'legal-obligations',
            dataCategories: ['iin'],
            crossBorder: false,
            basis: { kind: 'legal-basis', legalBasis: 'microcredit-reporting', citation: '' },
            subjectToBeNotified: false,
            catalogueVersion: catalogue.version,
          },
        },
        '2020-03-01T00:00:00.000Z',
      );
    const due = erasureDueAt(fold(subjectDecider, history.all), rules, catalogue, '2021-01-01T00:00:00.000Z');
    expect(due).toBe('2030-03-01T00:00:00.000Z');
  });

  it('refuses rules below the legal minimum for credit-bureau consents', () => {
    expect(() => validateRetentionRules({ ...rules, creditBureauYears: 5 })).toThrow(/573-II Art. 23\(6\)/);
  });

  it.each([
    ['left out', undefined],
    ['not a number', 'ten'],
    ['a fraction', 10.5],
  ])('refuses credit-bureau years %s: the legal minimum cannot be checked, nor a date counted', (_, years) => {
    // The audit CLI reads the rules from a JSON file: nothing there makes the field a whole number.
    const loose = { ...rules, creditBureauYears: years as unknown as number };
    expect(() => validateRetentionRules(loose)).toThrow(/creditBureauYears/);
  });
});

describe('erasing a person', () => {
  const NOW = '2026-06-01T00:00:00.000Z';
  const spec = deciderSpec(subjectDecider, () => ({ ...context(NOW), retention: rules }));
  const erase = (reason: string, legalReference?: string) => ({
    type: 'EraseSubject' as const,
    data: { reason: reason as never, ...(legalReference ? { legalReference } : {}), occurredAt: NOW },
  });
  const old = new History<SubjectEvent>().add(consent(), '2020-01-01T00:00:00.000Z');
  const recent = new History<SubjectEvent>().add(
    consent({ term: { kind: 'until-purposes-achieved' } }),
    '2026-05-01T00:00:00.000Z',
  );

  it('erases once retention is over', () => {
    spec
      .given(old.all)
      .when(erase('retention-expired'))
      .then([{ type: 'SubjectErased', data: { reason: 'retention-expired' } }]);
  });

  it('refuses while the law still requires keeping the data, even on the person’s request', () => {
    spec.given(recent.all).when(erase('subject-request')).thenThrows('refused', 'retention-not-over');
    spec.given(recent.all).when(erase('retention-expired')).thenThrows('refused', 'retention-not-over');
  });

  it('erases at once on a court decision, which it must cite (Art. 18)', () => {
    spec.given(recent.all).when(erase('court-decision')).thenThrows('invalid', 'legal-reference-required');
    spec
      .given(recent.all)
      .when(erase('court-decision', 'Almaty city court, case 2-1234/2026'))
      .then([
        {
          type: 'SubjectErased',
          data: { reason: 'court-decision', legalReference: 'Almaty city court, case 2-1234/2026' },
        },
      ]);
  });

  it('refuses an erasure dated before a fact already recorded: nothing may be processed after it', () => {
    const court = erase('court-decision', 'Almaty city court, case 2-1234/2026');
    const signed = new History<SubjectEvent>()
      .add(consent({ term: { kind: 'until-purposes-achieved' } }), '2026-05-01T00:00:00.000Z')
      .add({ type: 'LoanContractSigned', data: { loanId: 'L1' } }, '2026-05-25T00:00:00.000Z');
    const dated = (occurredAt: string) => ({ ...court, data: { ...court.data, occurredAt } });
    spec.given(signed.all).when(dated('2026-05-20T00:00:00.000Z')).thenThrows('refused', 'erasure-before-last-fact');
    spec
      .given(signed.all)
      .when(dated('2026-05-25T00:00:00.000Z'))
      .then([
        {
          type: 'SubjectErased',
          data: { reason: 'court-decision', legalReference: 'Almaty city court, case 2-1234/2026' },
        },
      ]);
  });

  it('refuses an erasure dated after now, even within the clock skew: the key is destroyed when it is recorded', () => {
    const court = erase('court-decision', 'Almaty city court, case 2-1234/2026');
    const ahead = { ...court, data: { ...court.data, occurredAt: '2026-06-01T00:01:00.000Z' } };
    // Dated ahead, checks until then would still answer "allowed" for a person whose data is gone.
    spec.given(recent.all).when(ahead).thenThrows('invalid', 'occurred-in-future');
  });

  it('records nothing more about an erased person', () => {
    const erased = old.add(
      { type: 'SubjectErased', data: { reason: 'retention-expired' } },
      '2026-05-31T00:00:00.000Z',
    );
    spec.given(erased.all).when(erase('retention-expired')).thenThrows('conflict', 'subject-already-erased');
    spec
      .given(erased.all)
      .when({ type: 'RecordLoanContractSigned', data: { loanId: 'L9', occurredAt: NOW } })
      .thenThrows('refused', 'subject-erased');
  });
});

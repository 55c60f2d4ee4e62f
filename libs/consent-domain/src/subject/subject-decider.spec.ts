import { fold } from '../shared/decider';
import { deciderSpec, History } from '../testing/decider-spec';
import { catalogue, context, DAY, policyBook, v1Only } from '../testing/fixtures';
import { addMs } from '../shared/instant';
import { GrantConsent, subjectDecider, WithdrawConsent } from './subject-decider';
import { SubjectEvent, WithdrawalScope } from './subject-events';
import { openLoansAsKnown, openLoansAt } from './subject-state';
import { consentsAt } from '../validity/validity';

const NOW = '2025-05-28T12:00:00.000Z';
let ctx = context(NOW);
const spec = deciderSpec(subjectDecider, () => ctx);
beforeEach(() => {
  ctx = context(NOW);
});

const grantData: GrantConsent['data'] = {
  consentId: 'c1',
  purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
  dataCategories: ['full-name', 'iin', 'salary-amount'],
  recipients: ['first-credit-bureau', 'advertising-partners'],
  crossBorderTransferAllowed: false,
  publicationAllowed: false,
  notifyOnDisclosure: false,
  term: { kind: 'until-purposes-achieved' },
  policyShown: { policyId: 'privacy', version: '1' },
  language: 'kk',
  collectionMethod: 'sms-one-time-code',
  evidence: [{ kind: 'sms-log', reference: 'sms-42', sha256: 'b'.repeat(64) }],
  occurredAt: '2025-05-01T10:00:00.000Z',
};
const grantCommand = (patch: Partial<GrantConsent['data']> = {}): GrantConsent => ({
  type: 'GrantConsent',
  data: { ...grantData, ...patch },
});

/** The events a plain grant writes, as recorded history. */
function granted(patch: Partial<GrantConsent['data']> = {}, recordedAt?: string): History<SubjectEvent> {
  const history = new History<SubjectEvent>();
  const occurredAt = patch.occurredAt ?? grantData.occurredAt;
  for (const event of subjectDecider.decide(grantCommand(patch), subjectDecider.initialState(), ctx)) {
    history.add(event, occurredAt, recordedAt ?? occurredAt);
  }
  return history;
}

const withdraw = (patch: Partial<WithdrawConsent['data']>): WithdrawConsent => ({
  type: 'WithdrawConsent',
  data: {
    withdrawalId: 'w1',
    scope: {},
    channel: 'web-checkbox',
    evidence: [],
    occurredAt: '2025-05-20T10:00:00.000Z',
    ...patch,
  },
});

describe('granting consent', () => {
  it('records the consent and the acceptance of the policy version shown (policy §6.1)', () => {
    spec
      .given([])
      .when(grantCommand())
      .then([
        {
          type: 'ConsentGranted',
          data: {
            consentId: 'c1',
            purposes: ['advertising', 'credit-and-pension-checks', 'microcredit-contract'],
            dataCategories: ['full-name', 'iin', 'salary-amount'],
            recipients: ['advertising-partners', 'first-credit-bureau'],
            crossBorderTransferAllowed: false,
            publicationAllowed: false,
            notifyOnDisclosure: false,
            term: { kind: 'until-purposes-achieved' },
            policyShown: { policyId: 'privacy', version: '1' },
            language: 'kk',
            collectionMethod: 'sms-one-time-code',
            evidence: grantData.evidence,
            catalogueVersion: catalogue.version,
          },
        },
        {
          type: 'PolicyVersionAccepted',
          data: {
            policyId: 'privacy',
            version: '1',
            method: 'sms-one-time-code',
            viaConsentId: 'c1',
            evidence: grantData.evidence,
          },
        },
      ]);
  });

  it('records the acceptance with every grant, even of a version accepted before: it may be the earliest', () => {
    const events = spec
      .given(granted().all)
      .when(grantCommand({ consentId: 'c2', occurredAt: '2025-04-30T10:00:00.000Z' }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ConsentGranted', 'PolicyVersionAccepted']);
  });

  it('refuses a grant under a policy version not yet published when the consent was given', () => {
    ctx = context(
      NOW,
      policyBook(
        { version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true },
        { version: '3', effectiveFrom: '2025-05-10T00:00:00.000Z', materialChange: true },
      ),
    );
    const error = spec
      .given([])
      .when(
        grantCommand({ policyShown: { policyId: 'privacy', version: '3' }, occurredAt: '2025-05-09T23:59:59.999Z' }),
      )
      .thenThrows('refused', 'policy-not-yet-published');
    expect(error.details[0]).toMatchObject({ field: 'occurredAt' });
    expect(
      spec
        .given([])
        .when(
          grantCommand({ policyShown: { policyId: 'privacy', version: '3' }, occurredAt: '2025-05-10T00:00:00.000Z' }),
        )
        .events()
        .map((e) => e.type),
    ).toEqual(['ConsentGranted', 'PolicyVersionAccepted']);
  });

  it('refuses codes the catalogue does not know, naming each', () => {
    const error = spec
      .given([])
      .when(grantCommand({ purposes: ['advertising', 'other-purposes'], recipients: ['nsa'] }))
      .thenThrows('invalid', 'unknown-code');
    expect(error.details.map((d) => d.field)).toEqual(['purposes[1]', 'recipients[0]']);
  });

  it('refuses a consent id that is already recorded', () => {
    spec.given(granted().all).when(grantCommand()).thenThrows('conflict', 'consent-exists');
  });

  it('refuses a policy version that was never published', () => {
    spec
      .given([])
      .when(grantCommand({ policyShown: { policyId: 'privacy', version: '9' } }))
      .thenThrows('not-found', 'unknown-policy-version');
  });

  it('says the policy itself is unknown when no policy of that id was ever published', () => {
    spec
      .given([])
      .when(grantCommand({ policyShown: { policyId: 'cookies', version: '1' } }))
      .thenThrows('not-found', 'unknown-policy');
    // The ledger reads the policy's stream, empty when it was never published.
    ctx = { ...ctx, policies: { ...ctx.policies, cookies: { versions: [] } } };
    spec
      .given([])
      .when(grantCommand({ policyShown: { policyId: 'cookies', version: '1' } }))
      .thenThrows('not-found', 'unknown-policy');
  });

  it('refuses a term that ends before the consent is given', () => {
    spec
      .given([])
      .when(grantCommand({ term: { kind: 'until', until: '2025-04-01T00:00:00.000Z' } }))
      .thenThrows('invalid', 'term-ends-before-grant');
  });

  it('refuses an occurredAt in the future beyond the clock skew, and accepts one within it', () => {
    spec
      .given([])
      .when(grantCommand({ occurredAt: addMs(NOW, 3 * 60 * 1000) }))
      .thenThrows('invalid', 'occurred-in-future');
    expect(
      spec
        .given([])
        .when(grantCommand({ occurredAt: addMs(NOW, 60 * 1000) }))
        .events(),
    ).toHaveLength(2);
  });

  it('accepts a paper form keyed in late within the window, and refuses one older than the window', () => {
    expect(
      spec
        .given([])
        .when(grantCommand({ occurredAt: addMs(NOW, -29 * DAY) }))
        .events(),
    ).toHaveLength(2);
    spec
      .given([])
      .when(grantCommand({ occurredAt: addMs(NOW, -31 * DAY) }))
      .thenThrows('refused', 'occurred-too-long-ago');
  });

  it('refuses a language the policy version has no text in', () => {
    ctx = {
      ...ctx,
      policies: {
        privacy: {
          versions: [{ ...ctx.policies.privacy.versions[0], texts: { kk: ctx.policies.privacy.versions[0].texts.kk } }],
        },
      },
    };
    spec
      .given([])
      .when(grantCommand({ language: 'ru' }))
      .thenThrows('refused', 'policy-text-missing');
  });
});

describe('withdrawing consent', () => {
  const loanSigned = (history: History<SubjectEvent>, at = '2025-05-02T09:00:00.000Z') =>
    history.add({ type: 'LoanContractSigned', data: { loanId: 'L1' } }, at);

  it('withdraws the whole consent when nothing forbids it', () => {
    spec
      .given(granted().all)
      .when(withdraw({ consentId: 'c1' }))
      .then([
        {
          type: 'ConsentWithdrawn',
          data: { withdrawalId: 'w1', consentId: 'c1', scope: {}, channel: 'web-checkbox', evidence: [] },
        },
      ]);
  });

  it('refuses, and records the refusal, while a loan is open for a loan-bound purpose (Art. 8(2))', () => {
    const history = loanSigned(granted());
    const events = spec
      .given(history.all)
      .when(withdraw({ scope: { purposes: ['credit-and-pension-checks'] } }))
      .events();
    expect(events).toEqual([
      {
        type: 'WithdrawalRefused',
        data: {
          withdrawalId: 'w1',
          channel: 'web-checkbox',
          scope: { purposes: ['credit-and-pension-checks'] },
          openLoans: ['L1'],
          // As asked, for the consents keyed in later.
          scopeAsked: { purposes: ['credit-and-pension-checks'] },
          reason: expect.objectContaining({
            code: 'obligations-unfulfilled',
            citation: expect.stringContaining('8(2)'),
          }),
        },
      },
    ]);
  });

  it('allows the same withdrawal once the obligations are fulfilled', () => {
    const history = loanSigned(granted()).add(
      { type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } },
      '2025-05-10T09:00:00.000Z',
    );
    const events = spec
      .given(history.all)
      .when(withdraw({ scope: { purposes: ['credit-and-pension-checks'] } }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ConsentWithdrawn']);
  });

  it('refuses, with no loan at all, a purpose a law requires, and withdraws the rest (Art. 8(2))', () => {
    const history = granted({ purposes: ['legal-obligations', 'advertising'] });
    const events = spec.given(history.all).when(withdraw({})).events();
    expect(events).toEqual([
      expect.objectContaining({ type: 'ConsentWithdrawn' }),
      expect.objectContaining({ type: 'ConsentWithdrawn' }),
      {
        type: 'WithdrawalRefused',
        data: {
          withdrawalId: 'w1',
          channel: 'web-checkbox',
          scope: { purposes: ['legal-obligations'] },
          openLoans: [],
          scopeAsked: {},
          reason: expect.objectContaining({ code: 'required-by-law', citation: 'Law 94-V Art. 8(2)' }),
        },
      },
    ]);
    const withdrawn = events[0].type === 'ConsentWithdrawn' ? events[0].data.scope.purposes : undefined;
    expect(withdrawn).toContain('advertising');
    expect(withdrawn).not.toContain('legal-obligations');
  });

  it('lets transfers to named recipients for a purpose a law requires be taken back (the law requires the processing, not them)', () => {
    const history = granted({ purposes: ['legal-obligations', 'advertising'] });
    const events = spec
      .given(history.all)
      .when(withdraw({ scope: { purposes: ['legal-obligations'], recipients: ['advertising-partners'] } }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ConsentWithdrawn']);
  });

  it.each<[string, WithdrawalScope]>([
    ['a whole withdrawal', {}],
    ['a withdrawal of the purpose, naming no recipient', { purposes: ['legal-obligations'] }],
  ])(
    'takes back the transfers of a purpose a law requires in %s, keeping only the lender’s own processing (Art. 8(2))',
    (_, scope) => {
      const history = granted({ purposes: ['legal-obligations', 'advertising'] });
      const events = spec.given(history.all).when(withdraw({ scope })).events();
      for (const event of events) history.add(event, '2025-05-20T10:00:00.000Z');
      const moment = { at: '2025-05-21T00:00:00.000Z', knownAt: '2025-05-21T00:00:00.000Z' };
      const [view] = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, moment);
      const legal = view.coverage.find((p) => p.purpose === 'legal-obligations');
      // The law requires the lender to keep processing it, not to hand it to first-credit-bureau or advertisers.
      expect(legal).toEqual({ purpose: 'legal-obligations', dataCategories: grantData.dataCategories, recipients: [] });
      expect(view.coverage.map((p) => p.purpose)).toEqual(
        scope.purposes ? ['advertising', 'legal-obligations'] : ['legal-obligations'],
      );
      expect(events.map((e) => e.type)).toEqual(
        scope.purposes
          ? ['ConsentWithdrawn', 'WithdrawalRefused']
          : ['ConsentWithdrawn', 'ConsentWithdrawn', 'WithdrawalRefused'],
      );
      const refusal = events.find((e) => e.type === 'WithdrawalRefused');
      expect(refusal?.type === 'WithdrawalRefused' && refusal.data.reason.code).toBe('required-by-law');
    },
  );

  it('records what a whole withdrawal refused in part took (purposesTaken), its scope kept for paper consents keyed in later', () => {
    const history = granted({ purposes: ['legal-obligations', 'advertising'] });
    const events = spec
      .given(history.all)
      .when(withdraw({ scope: {} }))
      .events();
    const [rest, transfers] = events.flatMap((e) => (e.type === 'ConsentWithdrawn' ? [e.data] : []));
    // The scope still names every purpose that may go, so that it reaches a consent recorded later.
    expect(rest.scope.purposes).toEqual(expect.arrayContaining(['advertising', 'microcredit-contract']));
    expect(rest.purposesTaken).toEqual(['advertising']);
    expect(transfers.purposesTaken).toEqual(['legal-obligations']);
    expect(transfers.scope.recipients!.length).toBeGreaterThan(grantData.recipients.length);
    expect([...transfers.recipientsTaken!].sort()).toEqual([...grantData.recipients].sort());
  });

  it('says the transfers of a purpose a law requires went only when the consent had any to take back', () => {
    const reasonOf = (recipients: string[]) => {
      const history = granted({ purposes: ['legal-obligations'], recipients });
      const events = spec.given(history.all).when(withdraw({})).events();
      const refusal = events.find((e) => e.type === 'WithdrawalRefused');
      return [events.map((e) => e.type), refusal?.type === 'WithdrawalRefused' ? refusal.data.reason.message : ''];
    };
    expect(reasonOf([])).toEqual([
      ['WithdrawalRefused'],
      "the lender's own processing for legal-obligations cannot be withdrawn: a law requires it",
    ]);
    expect(reasonOf(['first-credit-bureau'])).toEqual([
      ['ConsentWithdrawn', 'WithdrawalRefused'],
      "the lender's own processing for legal-obligations cannot be withdrawn: a law requires it (its transfers to third parties are withdrawn)",
    ]);
  });

  it('judges the loan at the moment of the withdrawal, not at the moment it is keyed in', () => {
    // The person withdrew on 20 May; the loan was signed only on 25 May.
    const history = loanSigned(granted(), '2025-05-25T09:00:00.000Z');
    const events = spec
      .given(history.all)
      .when(withdraw({ scope: { purposes: ['credit-and-pension-checks'] } }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ConsentWithdrawn']);
  });

  it('withdraws what may be withdrawn and refuses the rest of a whole withdrawal', () => {
    const events = spec.given(loanSigned(granted()).all).when(withdraw({})).events();
    expect(events.map((e) => e.type)).toEqual(['ConsentWithdrawn', 'WithdrawalRefused']);
    const [withdrawn, refusedPart] = events as [
      Extract<SubjectEvent, { type: 'ConsentWithdrawn' }>,
      Extract<SubjectEvent, { type: 'WithdrawalRefused' }>,
    ];
    expect(withdrawn.data.scope.purposes).toContain('advertising');
    expect(withdrawn.data.scope.purposes).not.toContain('microcredit-contract');
    expect(refusedPart.data.scope.purposes).toEqual(['credit-and-pension-checks', 'microcredit-contract']);
  });

  it.each<[string, (history: History<SubjectEvent>) => History<SubjectEvent>, Partial<GrantConsent['data']>]>([
    ['a loan is open', loanSigned, {}],
    ['a purpose a law requires is kept', (h) => h, { purposes: ['dossier-keeping', 'advertising'] }],
  ])(
    'takes back cross-border transfer and publication with a whole withdrawal refused in part because %s (Art. 7(6))',
    (_, given, patch) => {
      const history = given(granted({ crossBorderTransferAllowed: true, publicationAllowed: true, ...patch }));
      const events = spec.given(history.all).when(withdraw({})).events();
      expect(events.map((e) => e.type)).toContain('WithdrawalRefused');
      for (const event of events) history.add(event, '2025-05-20T10:00:00.000Z');
      const moment = { at: '2025-05-21T00:00:00.000Z', knownAt: '2025-05-21T00:00:00.000Z' };
      const [view] = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, moment);
      // Neither permission is bound to the loan or to a law: the person withdrew them with the rest.
      expect([view.crossBorderTransferAllowed, view.publicationAllowed]).toEqual([false, false]);
    },
  );

  it('always allows taking back the separate cross-border permission', () => {
    const events = spec
      .given(loanSigned(granted({ crossBorderTransferAllowed: true })).all)
      .when(withdraw({ scope: { crossBorderTransfer: true } }))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ConsentWithdrawn',
        data: expect.objectContaining({ scope: { crossBorderTransfer: true } }),
      }),
    ]);
  });

  it('answers not-found for an unknown consent and for a scope that reaches nothing', () => {
    spec
      .given(granted().all)
      .when(withdraw({ consentId: 'nope' }))
      .thenThrows('not-found', 'unknown-consent');
    spec
      .given(granted().all)
      .when(withdraw({ scope: { purposes: ['research'] } }))
      .thenThrows('not-found', 'nothing-to-withdraw');
    spec.given([]).when(withdraw({})).thenThrows('not-found', 'nothing-to-withdraw');
  });

  it('refuses an empty list, which would otherwise read as "nothing"', () => {
    spec
      .given(granted().all)
      .when(withdraw({ scope: { purposes: [] } }))
      .thenThrows('invalid', 'empty-scope');
  });

  it.each<[string, WithdrawalScope]>([
    ['cross-border transfer kept', { crossBorderTransfer: false }],
    ['publication kept', { publication: false }],
    ['both kept', { crossBorderTransfer: false, publication: false }],
  ])('refuses a scope naming only permissions it keeps (%s), which would otherwise read as "all"', (_, scope) => {
    spec.given(granted().all).when(withdraw({ scope })).thenThrows('invalid', 'empty-scope');
  });

  it('reads a kept permission beside what is withdrawn as not withdrawn', () => {
    const events = spec
      .given(granted({ crossBorderTransferAllowed: true }).all)
      .when(withdraw({ scope: { purposes: ['advertising'], crossBorderTransfer: false } }))
      .events();
    expect(events).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ scope: { purposes: ['advertising'] } }) }),
    ]);
  });

  it('refuses a withdrawal dated before the consent it names', () => {
    spec
      .given(granted().all)
      .when(withdraw({ consentId: 'c1', occurredAt: '2025-05-01T09:00:00.000Z' }))
      .thenThrows('refused', 'withdrawal-before-grant');
  });

  describe('reaching a paper consent dated before it but keyed in after it (Art. 8(2) still binds)', () => {
    const WITHDRAWN = '2025-05-20T10:00:00.000Z';
    /** The person withdraws everything of c1; c2, signed on 10 May, is keyed in on 25 May. */
    function withLateConsent(history: History<SubjectEvent>, late: Partial<GrantConsent['data']>) {
      const events = spec
        .given(history.all)
        .when(withdraw({ occurredAt: WITHDRAWN }))
        .events();
      for (const event of events) history.add(event, WITHDRAWN);
      const occurredAt = '2025-05-10T10:00:00.000Z';
      const before = fold(subjectDecider, history.all);
      for (const event of subjectDecider.decide(grantCommand({ consentId: 'c2', occurredAt, ...late }), before, ctx)) {
        history.add(event, occurredAt, '2025-05-25T10:00:00.000Z');
      }
      const moment = { at: '2025-05-21T00:00:00.000Z', knownAt: '2025-05-26T00:00:00.000Z' };
      const views = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, moment);
      return views.find((v) => v.consentId === 'c2')!;
    }

    it("keeps the lender's own processing for a purpose a law requires, taking its transfers", () => {
      const late = withLateConsent(granted({ purposes: ['advertising'] }), {
        purposes: ['aml-fraud-prevention', 'advertising'],
        publicationAllowed: true,
      });
      expect(late.coverage).toEqual([
        { purpose: 'aml-fraud-prevention', dataCategories: grantData.dataCategories, recipients: [] },
      ]);
      expect(late.publicationAllowed).toBe(false);
    });

    it('keeps a loan-bound purpose while a loan known when the withdrawal was recorded was open', () => {
      const late = withLateConsent(loanSigned(granted({ purposes: ['advertising'] })), {
        purposes: ['debt-collection', 'advertising'],
        recipients: ['debt-collectors'],
      });
      expect(late.coverage).toEqual([
        {
          purpose: 'debt-collection',
          dataCategories: grantData.dataCategories,
          recipients: [{ recipient: 'debt-collectors', dataCategories: grantData.dataCategories }],
        },
      ]);
    });

    it('keeps them in a withdrawal that was partly refused too', () => {
      const late = withLateConsent(loanSigned(granted()), {
        purposes: ['debt-collection', 'legal-obligations', 'advertising'],
        recipients: ['debt-collectors'],
      });
      // legal-obligations is loan-bound too: while the loan is open its transfers stay, as the decider has it.
      expect(late.coverage.map((p) => [p.purpose, p.recipients.length])).toEqual([
        ['debt-collection', 1],
        ['legal-obligations', 1],
      ]);
    });

    it('reaches it from a withdrawal of everything wholly refused: the person asked for everything', () => {
      const history = loanSigned(granted({ purposes: ['microcredit-contract'], recipients: [] }));
      const late = withLateConsent(history, {
        purposes: ['advertising'],
        recipients: ['advertising-partners'],
        publicationAllowed: true,
      });
      expect(history.all.filter((e) => e.type === 'ConsentWithdrawn')).toEqual([]);
      expect(late.status).toBe('withdrawn');
      expect(late.publicationAllowed).toBe(false);
      // A consent the decider knew keeps what it refused.
      const moment = { at: '2025-05-21T00:00:00.000Z', knownAt: '2025-05-26T00:00:00.000Z' };
      const known = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, moment)[0]!;
      expect([known.consentId, known.status]).toEqual(['c1', 'active']);
    });

    it("takes a late consent's separate permissions though no known consent gave them (Art. 7(6))", () => {
      const late = withLateConsent(
        loanSigned(granted({ purposes: ['microcredit-contract', 'advertising'], recipients: [] })),
        { purposes: ['microcredit-contract'], recipients: [], publicationAllowed: true },
      );
      expect(late.coverage.map((p) => p.purpose)).toEqual(['microcredit-contract']);
      expect(late.publicationAllowed).toBe(false);
    });

    it('reaches no late consent from a withdrawal naming a consent', () => {
      const history = loanSigned(granted({ purposes: ['microcredit-contract'], recipients: [] }));
      for (const event of spec
        .given(history.all)
        .when(withdraw({ consentId: 'c1', occurredAt: WITHDRAWN }))
        .events())
        history.add(event, WITHDRAWN);
      expect(history.all.at(-1)!.data).not.toHaveProperty('scopeAsked');
    });

    it('still takes a loan-bound purpose when the loan was recorded only after the withdrawal (it stands)', () => {
      const history = granted({ purposes: ['advertising'] });
      const events = spec
        .given(history.all)
        .when(withdraw({ occurredAt: WITHDRAWN }))
        .events();
      for (const event of events) history.add(event, WITHDRAWN);
      history.add(
        { type: 'LoanContractSigned', data: { loanId: 'L1' } },
        '2025-05-02T09:00:00.000Z',
        '2025-05-22T00:00:00.000Z',
      );
      const occurredAt = '2025-05-10T10:00:00.000Z';
      const before = fold(subjectDecider, history.all);
      const grant = grantCommand({ consentId: 'c2', occurredAt, purposes: ['debt-collection'], recipients: [] });
      for (const event of subjectDecider.decide(grant, before, ctx))
        history.add(event, occurredAt, '2025-05-25T10:00:00.000Z');
      const moment = { at: '2025-05-21T00:00:00.000Z', knownAt: '2025-05-26T00:00:00.000Z' };
      const late = consentsAt(fold(subjectDecider, history.all), v1Only(), catalogue, moment).find(
        (v) => v.consentId === 'c2',
      )!;
      expect(late.status).toBe('withdrawn');
    });
  });
});

describe('loans and policy acceptance', () => {
  it('records every record of a signing and a fulfilment: a later one may date the loan earlier', () => {
    const signed = new History<SubjectEvent>().add(
      { type: 'LoanContractSigned', data: { loanId: 'L1' } },
      '2025-05-02T09:00:00.000Z',
    );
    spec
      .given(signed.all)
      .when({ type: 'RecordLoanContractSigned', data: { loanId: 'L1', occurredAt: '2025-04-30T00:00:00.000Z' } })
      .then([{ type: 'LoanContractSigned', data: { loanId: 'L1' } }]);
    spec
      .given([])
      .when({ type: 'RecordLoanObligationsFulfilled', data: { loanId: 'L1', occurredAt: '2025-05-03T00:00:00.000Z' } })
      .thenThrows('not-found', 'unknown-loan');
    spec
      .given(signed.all)
      .when({ type: 'RecordLoanObligationsFulfilled', data: { loanId: 'L1', occurredAt: '2025-05-01T00:00:00.000Z' } })
      .thenThrows('refused', 'fulfilled-before-signed');
    const fulfilled = new History<SubjectEvent>()
      .add({ type: 'LoanContractSigned', data: { loanId: 'L1' } }, '2025-05-02T09:00:00.000Z')
      .add({ type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } }, '2025-05-27T00:00:00.000Z');
    spec
      .given(fulfilled.all)
      .when({ type: 'RecordLoanObligationsFulfilled', data: { loanId: 'L1', occurredAt: '2025-05-20T00:00:00.000Z' } })
      .then([{ type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } }]);
  });

  it('counts a loan open from its earliest known signing to its earliest known fulfilment', () => {
    const state = fold(
      subjectDecider,
      new History<SubjectEvent>()
        .add({ type: 'LoanContractSigned', data: { loanId: 'L1' } }, '2025-05-10T00:00:00.000Z')
        .add({ type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } }, '2025-05-25T00:00:00.000Z')
        .add(
          { type: 'LoanContractSigned', data: { loanId: 'L1' } },
          '2025-05-05T00:00:00.000Z',
          '2025-05-26T00:00:00.000Z',
        )
        .add(
          { type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } },
          '2025-05-20T00:00:00.000Z',
          '2025-05-27T00:00:00.000Z',
        ).all,
    );
    const open = (at: string, knownAt = NOW) => openLoansAsKnown(state, { at, knownAt });
    expect(open('2025-05-07T00:00:00.000Z')).toEqual(['L1']);
    expect(open('2025-05-07T00:00:00.000Z', '2025-05-25T12:00:00.000Z')).toEqual([]);
    expect(open('2025-05-22T00:00:00.000Z')).toEqual([]);
    expect(open('2025-05-22T00:00:00.000Z', '2025-05-26T12:00:00.000Z')).toEqual(['L1']);
    expect(openLoansAt(state, '2025-05-22T00:00:00.000Z')).toEqual([]);
  });

  it('records every acceptance of a published version, an earlier-dated one too', () => {
    ctx = context(
      NOW,
      policyBook(
        { version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true },
        { version: '2', effectiveFrom: '2025-05-15T00:00:00.000Z', materialChange: true },
      ),
    );
    const accept = {
      type: 'AcceptPolicyVersion' as const,
      data: {
        policyId: 'privacy',
        version: '2',
        method: 'web-checkbox' as const,
        evidence: [],
        occurredAt: '2025-05-16T00:00:00.000Z',
      },
    };
    const acceptance = (version: string): SubjectEvent[] => [
      {
        type: 'PolicyVersionAccepted',
        data: { policyId: 'privacy', version, method: 'web-checkbox', evidence: [] },
      },
    ];
    spec.given(granted().all).when(accept).then(acceptance('2'));
    const acceptedLater = granted().add(acceptance('2')[0], '2025-05-20T00:00:00.000Z');
    spec.given(acceptedLater.all).when(accept).then(acceptance('2'));
    spec
      .given(granted().all)
      .when({ ...accept, data: { ...accept.data, version: '1' } })
      .then(acceptance('1'));
    spec
      .given([])
      .when({ ...accept, data: { ...accept.data, version: '3' } })
      .thenThrows('not-found', 'unknown-policy-version');
    spec
      .given([])
      .when({ ...accept, data: { ...accept.data, occurredAt: '2025-05-14T00:00:00.000Z' } })
      .thenThrows('refused', 'policy-not-yet-published');
  });

  it('records purposes achieved for purposes of the consent, an earlier-dated record too (Art. 8(5)-(6))', () => {
    const achieve = (purposes?: string[], occurredAt = '2025-05-20T00:00:00.000Z') => ({
      type: 'RecordPurposesAchieved' as const,
      data: { consentId: 'c1', occurredAt, ...(purposes ? { purposes } : {}) },
    });
    spec
      .given(granted().all)
      .when(achieve(['advertising']))
      .then([{ type: 'ConsentPurposesAchieved', data: { consentId: 'c1', purposes: ['advertising'] } }]);
    spec
      .given(granted().all)
      .when(achieve(['research']))
      .thenThrows('invalid', 'purpose-not-in-consent');
    const history = granted().add(
      { type: 'ConsentPurposesAchieved', data: { consentId: 'c1', purposes: ['advertising'] } },
      '2025-05-19T00:00:00.000Z',
    );
    spec
      .given(history.all)
      .when(achieve(['advertising'], '2025-05-10T00:00:00.000Z'))
      .then([{ type: 'ConsentPurposesAchieved', data: { consentId: 'c1', purposes: ['advertising'] } }]);
    expect(spec.given(history.all).when(achieve()).events()).toEqual([
      {
        type: 'ConsentPurposesAchieved',
        data: { consentId: 'c1', purposes: ['advertising', 'credit-and-pension-checks', 'microcredit-contract'] },
      },
    ]);
  });
});

describe('recording disclosures', () => {
  const disclose = (patch: Record<string, unknown> = {}) => ({
    type: 'RecordDisclosure' as const,
    data: {
      disclosureId: 'd1',
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'full-name'],
      occurredAt: '2025-05-05T00:00:00.000Z',
      ...patch,
    },
  });

  it('records a disclosure that a valid consent covers, naming the consent', () => {
    spec
      .given(granted().all)
      .when(disclose())
      .then([
        {
          type: 'DisclosureRecorded',
          data: {
            disclosureId: 'd1',
            recipient: 'first-credit-bureau',
            purpose: 'credit-and-pension-checks',
            dataCategories: ['full-name', 'iin'],
            crossBorder: false,
            basis: { kind: 'consent', consents: [{ consentId: 'c1', dataCategories: ['full-name', 'iin'] }] },
            subjectToBeNotified: false,
            catalogueVersion: catalogue.version,
          },
        },
      ]);
  });

  it('refuses, and records the refusal, when no consent covers it', () => {
    const events = spec.given([]).when(disclose()).events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'DisclosureRefused',
        data: expect.objectContaining({
          reasons: [expect.objectContaining({ code: 'no-consent', dataCategories: ['full-name', 'iin'] })],
        }),
      }),
    ]);
  });

  it('refuses a category the consent does not name', () => {
    const events = spec
      .given(granted().all)
      .when(disclose({ dataCategories: ['iin', 'pension-contributions'] }))
      .events();
    expect(events[0]).toMatchObject({
      type: 'DisclosureRefused',
      data: { reasons: [{ code: 'no-consent', dataCategories: ['pension-contributions'] }] },
    });
  });

  it('needs cross-border consent for a recipient abroad', () => {
    const abroad = { recipient: 'advertising-partners-abroad', purpose: 'advertising' };
    const without = granted({ recipients: ['advertising-partners-abroad'] });
    expect(spec.given(without.all).when(disclose(abroad)).events()[0]).toMatchObject({
      type: 'DisclosureRefused',
      data: {
        crossBorder: true,
        reasons: [{ code: 'cross-border-not-allowed', citation: expect.stringContaining('16') }],
      },
    });
    const withIt = granted({ recipients: ['advertising-partners-abroad'], crossBorderTransferAllowed: true });
    expect(spec.given(withIt.all).when(disclose(abroad)).events()[0]).toMatchObject({
      type: 'DisclosureRecorded',
      data: { crossBorder: true },
    });
  });

  it('records a legal-basis disclosure to the State Credit Bureau without any consent', () => {
    expect(
      spec
        .given([])
        .when(
          disclose({
            recipient: 'state-credit-bureau',
            purpose: 'legal-obligations',
            legalBasis: 'microcredit-reporting',
          }),
        )
        .events(),
    ).toEqual([
      expect.objectContaining({
        type: 'DisclosureRecorded',
        data: expect.objectContaining({
          basis: {
            kind: 'legal-basis',
            legalBasis: 'microcredit-reporting',
            citation: expect.stringContaining('573-II'),
          },
          requestedLegalBasis: 'microcredit-reporting',
        }),
      }),
    ]);
  });

  it('refuses a legal basis the catalogue does not give that recipient', () => {
    expect(
      spec
        .given([])
        .when(
          disclose({
            recipient: 'first-credit-bureau',
            purpose: 'legal-obligations',
            legalBasis: 'microcredit-reporting',
          }),
        )
        .events()[0],
    ).toMatchObject({
      type: 'DisclosureRefused',
      data: { reasons: [{ code: 'legal-basis-not-applicable' }, { code: 'no-consent' }] },
    });
  });

  it('marks the disclosure for notice when the consent asked for it (Art. 19)', () => {
    expect(
      spec
        .given(granted({ notifyOnDisclosure: true }).all)
        .when(disclose())
        .events()[0],
    ).toMatchObject({
      type: 'DisclosureRecorded',
      data: { subjectToBeNotified: true },
    });
  });

  it('judges a late-recorded disclosure by the consent valid when it happened', () => {
    const history = granted().add(
      {
        type: 'ConsentWithdrawn',
        data: { withdrawalId: 'w', consentId: 'c1', scope: {}, channel: 'paper', evidence: [] },
      },
      '2025-05-10T00:00:00.000Z',
    );
    expect(
      spec
        .given(history.all)
        .when(disclose({ occurredAt: '2025-05-09T00:00:00.000Z' }))
        .events()[0].type,
    ).toBe('DisclosureRecorded');
    expect(
      spec
        .given(history.all)
        .when(disclose({ occurredAt: '2025-05-11T00:00:00.000Z' }))
        .events()[0],
    ).toMatchObject({
      type: 'DisclosureRefused',
      data: { reasons: [{ code: 'withdrawn', eventId: 'event-2' }] },
    });
  });
});

describe('closing the deadlines', () => {
  const withdrawal = () =>
    granted().add(
      { type: 'ConsentWithdrawn', data: { withdrawalId: 'w1', scope: {}, channel: 'paper', evidence: [] } },
      '2025-05-20T10:00:00.000Z',
    );

  it('records that processing stopped after a withdrawal, and keeps the earliest stop known (Art. 8(7))', () => {
    const stop = (patch: Record<string, unknown> = {}) => ({
      type: 'RecordProcessingStopped' as const,
      data: { withdrawalId: 'w1', occurredAt: '2025-05-22T10:00:00.000Z', ...patch },
    });
    spec
      .given(withdrawal().all)
      .when(stop())
      .then([{ type: 'ProcessingStopped', data: { withdrawalId: 'w1' } }]);
    spec
      .given(withdrawal().all)
      .when(stop({ withdrawalId: 'w2' }))
      .thenThrows('not-found', 'unknown-withdrawal');
    spec
      .given(withdrawal().all)
      .when(stop({ occurredAt: '2025-05-19T10:00:00.000Z' }))
      .thenThrows('refused', 'stopped-before-withdrawal');
    const done = withdrawal().add(
      { type: 'ProcessingStopped', data: { withdrawalId: 'w1' } },
      '2025-05-21T10:00:00.000Z',
    );
    spec
      .given(done.all)
      .when(stop({ occurredAt: '2025-05-20T12:00:00.000Z' }))
      .then([{ type: 'ProcessingStopped', data: { withdrawalId: 'w1' } }]);
    const twice = done.add({ type: 'ProcessingStopped', data: { withdrawalId: 'w1' } }, '2025-05-20T12:00:00.000Z');
    const w1 = fold(subjectDecider, twice.all).withdrawals.find((w) => w.withdrawalId === 'w1');
    expect(w1?.stoppedAt?.occurredAt).toBe('2025-05-20T12:00:00.000Z');
  });

  it('records that the person was told of a disclosure their consent asked notice of, the earliest counting (Art. 19)', () => {
    const history = granted({ notifyOnDisclosure: true });
    const recorded = subjectDecider.decide(
      {
        type: 'RecordDisclosure',
        data: {
          disclosureId: 'd1',
          recipient: 'first-credit-bureau',
          purpose: 'credit-and-pension-checks',
          dataCategories: ['iin'],
          occurredAt: '2025-05-05T00:00:00.000Z',
        },
      },
      subjectDecider.initialState(),
      ctx,
    );
    expect(recorded[0].type).toBe('DisclosureRefused');
    const withDisclosure = history.add(
      {
        type: 'DisclosureRecorded',
        data: {
          disclosureId: 'd1',
          recipient: 'first-credit-bureau',
          purpose: 'credit-and-pension-checks',
          dataCategories: ['iin'],
          crossBorder: false,
          basis: { kind: 'consent', consents: [{ consentId: 'c1', dataCategories: ['iin'] }] },
          subjectToBeNotified: true,
          catalogueVersion: catalogue.version,
        },
      },
      '2025-05-05T00:00:00.000Z',
    );
    const notify = (disclosureId = 'd1') => ({
      type: 'RecordSubjectNotified' as const,
      data: { disclosureId, channel: 'sms' as const, occurredAt: '2025-05-06T00:00:00.000Z' },
    });
    spec
      .given(withDisclosure.all)
      .when(notify())
      .then([{ type: 'SubjectNotified', data: { disclosureId: 'd1', channel: 'sms' } }]);
    spec.given(withDisclosure.all).when(notify('d2')).thenThrows('not-found', 'unknown-notice');
    const told = withDisclosure.add(
      { type: 'SubjectNotified', data: { disclosureId: 'd1', channel: 'sms' } },
      '2025-05-06T00:00:00.000Z',
    );
    spec
      .given(told.all)
      .when(notify())
      .then([{ type: 'SubjectNotified', data: { disclosureId: 'd1', channel: 'sms' } }]);
    const later = withDisclosure.add(
      { type: 'SubjectNotified', data: { disclosureId: 'd1', channel: 'sms' } },
      '2025-05-05T12:00:00.000Z',
      '2025-05-07T00:00:00.000Z',
    );
    expect(fold(subjectDecider, later.all).notices[0].notifiedAt?.occurredAt).toBe('2025-05-05T12:00:00.000Z');
  });
});

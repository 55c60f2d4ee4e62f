import { REASON_LABELS } from '@ledger/consent-domain';
import { DAY, key, Ledger, newIin, startLedger, ago, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, grantRequest, withdrawalRequest } from '../support/requests';

/**
 * The person's own report (Law 94-V Art. 24(1)): what the lender holds about them and to whom it
 * went, in their language, recorded in the access log; and the OpenAPI document declares the
 * access-reason header wherever a route reads it, so "Try it out" works for support staff.
 */
const REASON = encodeURIComponent('ticket SR-1024: the borrower asked what we hold');

describe("the person's own report", () => {
  let ledger: Ledger;
  let iin: string;
  let subjectId: string;
  let consentId: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const start = ago(ledger, 10 * DAY);
    const ok = (reply: { status: number; body: unknown }, status = 201) => {
      if (reply.status !== status) throw new Error(JSON.stringify(reply.body));
      return reply.body as Record<string, any>;
    };
    ok(
      await ledger.command('/v1/policies/privacy/versions', key('policy'), {
        version: '1',
        effectiveFrom: start,
        occurredAt: start,
        materialChange: true,
        texts: {
          kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/kk' },
          ru: { sha256: 'b'.repeat(64), url: 'https://acredit.kz/p/1/ru' },
        },
      }),
    );
    iin = newIin();
    const granted = ok(
      await ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          subject: { fullName: 'Айгүл Тестова' },
          purposes: ['microcredit-contract', 'credit-and-pension-checks'],
          dataCategories: ['full-name', 'iin', 'credit-history'],
          recipients: ['first-credit-bureau'],
          language: 'ru',
          occurredAt: ago(ledger, 9 * DAY),
        }),
      ),
    );
    subjectId = granted.subjectId;
    consentId = granted.consentId;
    ok(
      await ledger.command(
        '/v1/disclosures',
        key('fcb'),
        disclosureRequest({
          iin,
          dataCategories: ['iin', 'credit-history'],
          occurredAt: ago(ledger, 8 * DAY),
        }),
      ),
    );
    // Not covered: no consent names advertising partners.
    ok(
      await ledger.command(
        '/v1/disclosures',
        key('ads'),
        disclosureRequest({
          iin,
          recipient: 'advertising-partners',
          purpose: 'advertising',
          dataCategories: ['full-name'],
          occurredAt: ago(ledger, 7 * DAY),
        }),
      ),
      422,
    );
    ok(
      await ledger.command('/v1/loans/signed', key('loan'), { iin, loanId: 'MC-1', occurredAt: ago(ledger, 6 * DAY) }),
    );
    // A loan-bound purpose cannot be withdrawn while the loan is open (Art. 8(2)).
    ok(
      await ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, { purposes: ['microcredit-contract'] }, ago(ledger, 5 * DAY)),
      ),
      422,
    );
  });
  afterAll(() => closeAndRemove(ledger));

  it('lists consents and what they cover, accepted policies, disclosures and refusals, in the person’s language', async () => {
    const reply = await ledger.request('POST', '/v1/subject-reports', { iin }, { 'x-access-reason': REASON }, [
      'support',
    ]);
    expect(reply.status).toBe(200);
    const report = reply.body;
    expect(report).toMatchObject({ subjectId, language: 'ru', law: 'Law 94-V Art. 24(1)' });
    // The operator as its policy names it, in the report's language (Law 94-V Art. 8(4)(1)).
    expect(report.operator.name).toBe('ТОО «Микрофинансовая организация «AUTO SIYLIQ FINANCE»»');
    expect(report.operator).not.toHaveProperty('names');
    // Support sees the person masked, as everywhere else.
    expect(report.subject).toMatchObject({ status: 'held', masked: true });
    expect(JSON.stringify(report)).not.toContain(iin);
    expect(report.consents).toHaveLength(1);
    const [consent] = report.consents;
    expect(consent.consentId).toBe(consentId);
    expect(consent.recipients[0]).toMatchObject({ code: 'first-credit-bureau', country: 'KZ' });
    expect(consent.purposes.map((p: { label: string }) => p.label)).toContain(
      'заключение и исполнение договора о предоставлении микрокредита',
    );
    // Where each piece of data comes from (Art. 24(1): the sources of collection).
    expect(consent.dataCategories.map((c: { code: string; source: string }) => [c.code, c.source]).sort()).toEqual([
      ['credit-history', 'third-party'],
      ['full-name', 'subject'],
      ['iin', 'subject'],
    ]);
    expect(consent.covers.map((c: { purpose: { code: string } }) => c.purpose.code).sort()).toEqual([
      'credit-and-pension-checks',
      'microcredit-contract',
    ]);
    expect(report.policyAcceptances).toEqual([expect.objectContaining({ policyId: 'privacy', version: '1' })]);
    expect(report.disclosures).toEqual([
      expect.objectContaining({
        recipient: expect.objectContaining({ code: 'first-credit-bureau' }),
        dataCategories: expect.arrayContaining([
          { code: 'iin', label: 'индивидуальный идентификационный номер (ИИН)' },
          expect.objectContaining({ code: 'credit-history' }),
        ]),
        basis: { kind: 'consent', consents: [consentId] },
      }),
    ]);
    // Each reason keeps the recorded message and is explained in the report's language.
    expect(report.refusals.disclosures).toEqual([
      expect.objectContaining({
        recipient: expect.objectContaining({ code: 'advertising-partners' }),
        reasons: [
          expect.objectContaining({
            code: 'no-consent',
            message: expect.stringContaining('no consent covers'),
            explanation: REASON_LABELS['no-consent'].ru,
          }),
        ],
      }),
    ]);
    expect(report.refusals.withdrawals).toEqual([
      expect.objectContaining({
        // The contract number is sealed with the person's key: support sees that it is there, auditors see it.
        openLoans: ['[personal data]'],
        reason: expect.objectContaining({
          code: 'obligations-unfulfilled',
          explanation: REASON_LABELS['obligations-unfulfilled'].ru,
        }),
      }),
    ]);
  });

  it('explains every refusal in the language asked for: Kazakh, Russian and English each their own', async () => {
    const explanations = new Map<string, string[]>();
    for (const language of ['kk', 'ru', 'en']) {
      const reply = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/report?language=${language}`,
        undefined,
        {},
        ['auditor'],
      );
      expect(reply.status).toBe(200);
      explanations.set(language, [
        ...reply.body.refusals.disclosures.flatMap((d: { reasons: { explanation: string }[] }) =>
          d.reasons.map((r) => r.explanation),
        ),
        ...reply.body.refusals.withdrawals.map((w: { reason: { explanation: string } }) => w.reason.explanation),
      ]);
    }
    expect(explanations.get('kk')).toEqual([
      REASON_LABELS['no-consent'].kk,
      REASON_LABELS['obligations-unfulfilled'].kk,
    ]);
    expect(explanations.get('en')).toEqual([
      REASON_LABELS['no-consent'].en,
      REASON_LABELS['obligations-unfulfilled'].en,
    ]);
    // Kazakh is not Russian: letters only Kazakh has.
    expect(explanations.get('kk')!.join(' ')).toMatch(/[әғқңөұүһі]/);
    expect(explanations.get('ru')!.join(' ')).not.toMatch(/[әғқңөұүһі]/);
  });

  it('says how long the data is kept (Art. 24(1): the storage period), with no end date while the loan is open', async () => {
    const reply = await ledger.request('GET', `/v1/subjects/${subjectId}/report`, undefined, {}, ['auditor']);
    expect(reply.status).toBe(200);
    // The defaults: 5 years after the relationship ends, 10 after the last disclosure to a credit bureau.
    expect(reply.body.storage).toEqual({
      citation: 'Law 94-V Art. 24(1), 18; Law 573-II Art. 23(6)',
      yearsAfterRelationshipEnds: 5,
      yearsAfterLastCreditBureauDisclosure: 10,
    });
  });

  it('answers in the language asked for, by pseudonym too, and records every report in the access log', async () => {
    const reply = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/report?language=en`,
      undefined,
      { 'x-access-reason': REASON },
      ['support'],
    );
    expect(reply.status).toBe(200);
    expect(reply.body.consents[0].purposes.map((p: { label: string }) => p.label)).toContain(
      'concluding and performing the microcredit contract',
    );
    expect(reply.body.operator.name).toBe('«AUTO SIYLIQ FINANCE» microfinance organisation LLP');
    // The looks were appended before the answers left; the access log shows them once it reaches that far.
    const head = await ledger.store.headPosition();
    const log = await ledger.request(
      'GET',
      `/v1/access-log?subjectId=${subjectId}&minPosition=${head}`,
      undefined,
      {},
      ['auditor'],
    );
    const reports = log.body.entries.filter((e: { view: string }) => e.view === 'subject-report');
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.map((e: { reason: string }) => e.reason)).toContain(decodeURIComponent(REASON));
  });

  it('says of each consent whether it allowed publication and asked for notice of transfers, as given and as withdrawn', async () => {
    // The separate permissions of Art. 7(6), 8(4)(4)-(6) and the notice of Art. 19: the person may
    // give or refuse publication (policy §7.1), so their report says which they did.
    const person = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('public'),
      grantRequest({
        iin: person,
        purposes: ['advertising'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
        publicationAllowed: true,
        notifyOnDisclosure: true,
        occurredAt: ago(ledger, 4 * DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const report = async () => {
      const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
      expect(reply.status).toBe(200);
      return reply.body.consents[0];
    };
    expect(await report()).toMatchObject({
      crossBorderTransferAllowed: false,
      publicationAllowed: true,
      notifyOnDisclosure: true,
    });
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('unpublish'),
      withdrawalRequest(person, { publication: true }, ago(ledger, 3 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    expect(await report()).toMatchObject({ publicationAllowed: false, notifyOnDisclosure: true });

    const other = await ledger.request('POST', '/v1/subject-reports', { iin }, {}, ['auditor']);
    expect(other.body.consents[0]).toMatchObject({ publicationAllowed: false, notifyOnDisclosure: false });
  });

  it('shows a withdrawal refused in part for a purpose a law requires once, naming only what it took from the consent', async () => {
    const person = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('law-bound'),
      grantRequest({
        iin: person,
        purposes: ['advertising', 'legal-obligations'],
        dataCategories: ['iin'],
        recipients: ['first-credit-bureau'],
        occurredAt: ago(ledger, 6 * DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(person, {}, ago(ledger, 2 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
    expect(reply.body.consents[0].withdrawals).toEqual([
      {
        withdrawalId: withdrawn.body.withdrawalId,
        occurredAt: expect.any(String),
        scope: { purposes: ['advertising'] },
        transfersWithdrawn: { purposes: ['legal-obligations'], recipients: ['first-credit-bureau'] },
      },
    ]);
  });

  it('names what a withdrawal took from a paper consent keyed in after it, not what it asked (Art. 8(2), 24(1))', async () => {
    const person = newIin();
    const first = grantRequest({
      iin: person,
      purposes: ['advertising'],
      dataCategories: ['iin'],
      recipients: ['first-credit-bureau'],
      occurredAt: ago(ledger, 6 * DAY),
    });
    expect((await ledger.command('/v1/consents', key('before-paper'), first)).status).toBe(201);
    // Nothing bound among the consents known then: recorded as asked, {}.
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('all'),
      withdrawalRequest(person, {}, ago(ledger, 2 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    const paper = grantRequest({
      iin: person,
      purposes: ['advertising', 'legal-obligations'],
      dataCategories: ['iin'],
      recipients: ['first-credit-bureau'],
      occurredAt: ago(ledger, 4 * DAY),
      collectionMethod: 'paper',
    });
    const late = await ledger.command('/v1/consents', key('paper'), paper);
    expect(late.status).toBe(201);
    const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
    const consent = reply.body.consents.find((c: { consentId: string }) => c.consentId === late.body.consentId);
    // Its own processing for legal obligations it keeps: the withdrawal could not take that.
    expect(consent.withdrawals).toEqual([
      {
        withdrawalId: withdrawn.body.withdrawalId,
        occurredAt: expect.any(String),
        scope: { purposes: ['advertising'] },
        transfersWithdrawn: { purposes: ['legal-obligations'], recipients: ['first-credit-bureau'] },
      },
    ]);
  });

  it('names no transfers taken from a paper consent that named no recipient', async () => {
    const person = newIin();
    const first = grantRequest({
      iin: person,
      purposes: ['advertising'],
      dataCategories: ['iin'],
      recipients: [],
      occurredAt: ago(ledger, 6 * DAY),
    });
    expect((await ledger.command('/v1/consents', key('own-only-first'), first)).status).toBe(201);
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('own-only-all'),
      withdrawalRequest(person, {}, ago(ledger, 2 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    const paper = grantRequest({
      iin: person,
      purposes: ['advertising', 'legal-obligations'],
      dataCategories: ['iin'],
      recipients: [],
      occurredAt: ago(ledger, 4 * DAY),
      collectionMethod: 'paper',
    });
    const late = await ledger.command('/v1/consents', key('own-only-paper'), paper);
    expect(late.status).toBe(201);
    const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
    const consent = reply.body.consents.find((c: { consentId: string }) => c.consentId === late.body.consentId);
    expect(consent.withdrawals).toEqual([
      {
        withdrawalId: withdrawn.body.withdrawalId,
        occurredAt: expect.any(String),
        scope: { purposes: ['advertising'] },
      },
    ]);
  });

  it('names what a withdrawal of everything refused for an open loan took from a paper consent keyed in after it (Art. 8(2), 7(6))', async () => {
    const person = newIin();
    const first = grantRequest({
      iin: person,
      purposes: ['microcredit-contract'],
      dataCategories: ['iin'],
      recipients: [],
      occurredAt: ago(ledger, 6 * DAY),
    });
    expect((await ledger.command('/v1/consents', key('bound-first'), first)).status).toBe(201);
    const signed = { iin: person, loanId: 'MC-B', occurredAt: ago(ledger, 5 * DAY) };
    expect((await ledger.command('/v1/loans/signed', key('loan'), signed)).status).toBe(201);
    const refused = await ledger.command(
      '/v1/withdrawals',
      key('bound-all'),
      withdrawalRequest(person, {}, ago(ledger, 2 * DAY)),
    );
    expect(refused.status).toBe(422);
    const paper = grantRequest({
      iin: person,
      purposes: ['advertising'],
      dataCategories: ['iin'],
      recipients: [],
      publicationAllowed: true,
      occurredAt: ago(ledger, 4 * DAY),
      collectionMethod: 'paper',
    });
    const late = await ledger.command('/v1/consents', key('bound-paper'), paper);
    expect(late.status).toBe(201);
    const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
    const consent = reply.body.consents.find((c: { consentId: string }) => c.consentId === late.body.consentId);
    expect(consent).toMatchObject({ publicationAllowed: false });
    expect(consent.withdrawals).toEqual([
      {
        withdrawalId: refused.body.withdrawalId,
        occurredAt: expect.any(String),
        scope: { purposes: ['advertising'], publication: true },
      },
    ]);
  });

  it('tells the person when a refusal for an open loan no longer holds: the repayment, recorded late, came first (Art. 8(2))', async () => {
    const person = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('repaid'),
      grantRequest({
        iin: person,
        purposes: ['microcredit-contract'],
        dataCategories: ['iin'],
        recipients: [],
        occurredAt: ago(ledger, 6 * DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const signed = { iin: person, loanId: 'MC-9', occurredAt: ago(ledger, 5 * DAY) };
    expect((await ledger.command('/v1/loans/signed', key('loan'), signed)).status).toBe(201);
    const refused = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(person, { purposes: ['microcredit-contract'] }, ago(ledger, 2 * DAY)),
    );
    expect(refused.status).toBe(422);
    const refusal = async () => {
      const reply = await ledger.request('POST', '/v1/subject-reports', { iin: person }, {}, ['auditor']);
      expect(reply.status).toBe(200);
      return reply.body.refusals.withdrawals[0];
    };
    expect(await refusal()).toMatchObject({ refusalHoldsAsKnownNow: true });
    const repaid = { iin: person, loanId: 'MC-9', occurredAt: ago(ledger, 3 * DAY) };
    expect((await ledger.command('/v1/loans/fulfilled', key('loan'), repaid)).status).toBe(201);
    expect(await refusal()).toMatchObject({ refusalHoldsAsKnownNow: false });
  });

  it('waits for a position a command returned (minPosition), as every read-model query does', async () => {
    const recorded = await ledger.command(
      '/v1/disclosures',
      key('fcb-again'),
      disclosureRequest({ iin, dataCategories: ['iin'], occurredAt: ago(ledger, 1 * DAY) }),
    );
    expect(recorded.status).toBe(201);
    const position = recorded.body.position as string;
    const byId = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/report?minPosition=${position}`,
      undefined,
      {},
      ['auditor'],
    );
    expect(byId.status).toBe(200);
    expect(byId.body.projection.reachedMinPosition).toBe(true);
    expect(byId.body.disclosures.map((d: { disclosureId: string }) => d.disclosureId)).toContain(
      recorded.body.disclosureId,
    );
    const byIin = await ledger.request('POST', '/v1/subject-reports', { iin, minPosition: position }, {}, ['auditor']);
    expect(byIin.status).toBe(200);
    expect(byIin.body.projection.reachedMinPosition).toBe(true);
  });

  it('refuses support without a reason, two names at once, an unknown language and an unknown person', async () => {
    const unreasoned = await ledger.request('POST', '/v1/subject-reports', { iin }, {}, ['support']);
    expect([unreasoned.status, unreasoned.body.code]).toEqual([400, 'access-reason-required']);
    const both = await ledger.request('POST', '/v1/subject-reports', { iin, subjectId }, {}, ['auditor']);
    expect([both.status, both.body.code]).toEqual([400, 'invalid-request']);
    const stranger = await ledger.request('POST', '/v1/subject-reports', { iin: newIin() }, {}, ['auditor']);
    expect([stranger.status, stranger.body.code]).toEqual([404, 'unknown-subject']);
    const wrongLanguage = await ledger.request('GET', `/v1/subjects/${subjectId}/report?language=de`, undefined, {}, [
      'auditor',
    ]);
    expect([wrongLanguage.status, wrongLanguage.body.code]).toEqual([400, 'invalid-request']);
  });
});

describe('the OpenAPI document', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => closeAndRemove(ledger));

  /** Every route that reads X-Access-Reason: those open to support, and the auditors' looks at people. */
  const READ_A_REASON = [
    'POST /v1/subjects/resolve',
    'GET /v1/subjects/{subjectId}/check',
    'GET /v1/subjects/{subjectId}/matrix',
    'POST /v1/consent-checks',
    'GET /v1/subjects/{subjectId}/consents',
    'GET /v1/subjects/{subjectId}/timeline',
    'GET /v1/subjects/{subjectId}/consents/{consentId}/receipt',
    'GET /v1/subjects/{subjectId}/report',
    'POST /v1/subject-reports',
    'GET /v1/subjects/{subjectId}/access-report',
    'GET /v1/access-log',
    'GET /v1/disclosures',
    'GET /v1/changes',
    'GET /v1/webhooks/attempts',
    'GET /v1/exports/log',
    'GET /v1/exports/subjects/{subjectId}',
    'GET /v1/exports/period',
    'GET /v1/reports/disclosures-no-longer-covered',
    'GET /v1/reports/refused-disclosures',
    'GET /v1/reports/refused-withdrawals',
    'GET /v1/reports/withdrawal-deadlines',
    'GET /v1/reports/notice-deadlines',
  ];

  it('declares X-Access-Reason on exactly the routes that read it', async () => {
    const openapi = (await ledger.request('GET', '/docs/openapi.json')).body;
    const declaring = Object.entries(openapi.paths as Record<string, Record<string, { parameters?: any[] }>>)
      .flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'X-Access-Reason'))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(declaring).toEqual([...READ_A_REASON].sort());
    const resolve = openapi.paths['/v1/subjects/resolve'].post.parameters.find(
      (p: { name: string }) => p.name === 'X-Access-Reason',
    );
    expect(resolve.description).toMatch(/support/);
  });
});

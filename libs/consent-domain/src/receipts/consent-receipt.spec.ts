import Ajv from 'ajv-draft-04';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { History } from '../testing/decider-spec';
import { catalogue, consentGranted, v1Only } from '../testing/fixtures';
import { ConsentGranted, SubjectEvent, WithdrawalScope } from '../subject/subject-events';
import { subjectDecider } from '../subject/subject-decider';
import { consentsAt } from '../validity/validity';
import { consentReceipt, controllerDetails } from './consent-receipt';
import { ControllerDetails, ReceiptInput } from './receipt-formats';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../../test/fixtures/kantara-consent-receipt-v1_1.schema.json'), 'utf8'),
);
const validateKantara = new Ajv({ allErrors: true }).compile(schema);

const JAN = '2025-01-10T00:00:00.000Z';
const ISSUED = '2025-06-01T00:00:00.000Z';
const SUBJECT = '3f1c9a0be4d27a86c5e0f1b2a3d4c5e6';

// Synthetic operator details: configuration in the app, never in the domain.
const controller: ControllerDetails = {
  name: catalogue.catalogue.controller.name,
  bin: '123456789012',
  address: { streetAddress: 'Example street 1', locality: 'Almaty', postalCode: '050000', country: 'KZ' },
  email: 'dpo@example.kz',
  phone: '+7 700 000 0000',
  contact: 'Personal data officer',
  url: 'https://example.kz',
};

const grant = (patch: Partial<ConsentGranted['data']> = {}): ConsentGranted =>
  consentGranted({
    purposes: ['credit-and-pension-checks', 'advertising'],
    dataCategories: ['full-name', 'iin', 'credit-history'],
    recipients: ['first-credit-bureau', 'advertising-partners'],
    notifyOnDisclosure: true,
    collectionMethod: 'sms-one-time-code',
    evidence: [{ kind: 'sms-log', reference: 'sms-gw/784512', sha256: 'b'.repeat(64) }],
    ...patch,
  });
const accepted: SubjectEvent = {
  type: 'PolicyVersionAccepted',
  data: { policyId: 'privacy', version: '1', method: 'sms-one-time-code', evidence: [] },
};
const withdrawal = (scope: WithdrawalScope): SubjectEvent => ({
  type: 'ConsentWithdrawn',
  data: { withdrawalId: 'w1', consentId: 'c1', scope, channel: 'paper', evidence: [] },
});
const given = (patch: Partial<ConsentGranted['data']> = {}) =>
  new History<SubjectEvent>().add(grant(patch), JAN).add(accepted, JAN);

/** The receipt for consent c1 as the ledger knows it at `issuedAt`, built with the domain's own fold. */
function inputFor(history: History<SubjectEvent>, patch: Partial<ReceiptInput> = {}): ReceiptInput {
  const issuedAt = patch.issuedAt ?? ISSUED;
  const policies = v1Only();
  const state = fold(subjectDecider, history.all);
  const view = consentsAt(state, policies, catalogue, { at: issuedAt, knownAt: issuedAt }).find(
    (v) => v.consentId === 'c1',
  )!;
  return {
    consent: view,
    catalogue,
    policyShown: policies.privacy.versions[0],
    controller,
    subject: { subjectId: SUBJECT },
    issuedAt,
    jurisdiction: 'KZ',
    purposesAchieved: state.purposesAchieved,
    ...patch,
  };
}
const receiptOf = (history: History<SubjectEvent>, patch: Partial<ReceiptInput> = {}) =>
  consentReceipt(inputFor(history, patch));

function expectValidKantara(receipt: unknown) {
  const valid = validateKantara(receipt);
  expect(validateKantara.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('consent receipt', () => {
  it('fills the Kantara v1.1 fields from the grant, with third-party disclosure when recipients are named', () => {
    const receipt = receiptOf(given());
    expectValidKantara(receipt);
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'KZ',
      consentTimestamp: 1736467200,
      // In the consent's language, as its labels are (the receipt's `language`).
      collectionMethod: 'одноразовый SMS-код',
      consentReceiptID: `receipt:c1:${ISSUED}`,
      language: 'ru',
      piiPrincipalId: SUBJECT,
      policyUrl: 'https://acredit.kz/policy/1/ru',
      sensitive: false,
      spiCat: [],
    });
    expect(receipt.piiControllers).toEqual([
      expect.objectContaining({ piiController: controller.name, email: 'dpo@example.kz', address: controller.address }),
    ]);
    const [service] = receipt.services;
    expect(service.service).toBe('Microcredit');
    expect(service.purposes.map((p) => p.purpose)).toEqual([
      'передача данных в кредитные бюро и центры пенсионных выплат для рассмотрения заявки',
      'реклама (связь с лицами для рекламы услуг, мероприятия для пользователей, таргетинг, cookie-файлы, связь с потенциальными пользователями)',
    ]);
    const [checks, advertising] = service.purposes;
    expect(checks).toMatchObject({
      consentType: 'EXPLICIT',
      purposeCategory: ['dpv:CreditChecking', 'dpv:CreditHistoryEvaluation'],
      piiCategory: ['фамилия, имя и отчество', 'индивидуальный идентификационный номер (ИИН)', 'кредитная история'],
      thirdPartyDisclosure: true,
      thirdPartyName: 'ТОО «Первое кредитное бюро»; Рекламные партнёры',
      primaryPurpose: true,
    });
    // Advertising may be withdrawn with a loan open: not part of the core service.
    expect(advertising.primaryPurpose).toBe(false);
  });

  it('says no third-party disclosure, and names none, when the consent has no recipients', () => {
    const receipt = receiptOf(given({ recipients: [] }));
    expectValidKantara(receipt);
    for (const purpose of receipt.services[0].purposes) {
      expect(purpose.thirdPartyDisclosure).toBe(false);
      expect(purpose).not.toHaveProperty('thirdPartyName');
    }
    expect(receipt.law94v.thirdPartyTransfer).toEqual({ article: '8(4)(4)', allowed: false, recipients: [] });
    expect(receipt.iso27560.processing.recipientThirdParties).toEqual([]);
  });

  it('states no transfer to a recipient abroad as allowed when the consent refused cross-border transfer', () => {
    // Named, but the consent never let data go to them (Law 94-V Art. 7(6), 8(4)(4)-(5)); the
    // ledger's own coverage holds no transfer to them, so neither may the receipt.
    const abroad = catalogue.recipient('advertising-partners-abroad').labels.ru;
    const both = receiptOf(
      given({ recipients: ['first-credit-bureau', 'advertising-partners-abroad'], crossBorderTransferAllowed: false }),
    );
    expectValidKantara(both);
    for (const purpose of both.services[0].purposes) {
      expect(purpose.thirdPartyName).toBe(catalogue.recipient('first-credit-bureau').labels.ru);
      expect(purpose.thirdPartyName).not.toContain(abroad);
    }
    expect(both.law94v.thirdPartyTransfer.recipients.map((r) => r.code)).toEqual(['first-credit-bureau']);
    expect(both.iso27560.processing.recipientThirdParties.map((r) => r.code)).toEqual(['first-credit-bureau']);
    expect(both.law94v.crossBorderTransfer).toMatchObject({
      allowed: false,
      recipientsAbroad: ['advertising-partners-abroad'],
    });

    const onlyAbroad = receiptOf(
      given({ recipients: ['advertising-partners-abroad'], crossBorderTransferAllowed: false }),
    );
    expectValidKantara(onlyAbroad);
    for (const purpose of onlyAbroad.services[0].purposes) {
      expect(purpose.thirdPartyDisclosure).toBe(false);
      expect(purpose).not.toHaveProperty('thirdPartyName');
    }
    expect(onlyAbroad.law94v.thirdPartyTransfer).toEqual({ article: '8(4)(4)', allowed: false, recipients: [] });
    const inForce = onlyAbroad.law94v.otherInformation.statusAtIssuance.inForce;
    expect(inForce.flatMap((p) => p.recipients)).toEqual([]);
  });

  it('shows a withdrawal in the events, leaving the consent dpv:ConsentWithdrawn', () => {
    const history = given().add(withdrawal({}), '2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z');
    const receipt = receiptOf(history);
    expectValidKantara(receipt);
    expect(receipt.iso27560.events).toEqual([
      expect.objectContaining({
        eventType: 'ConsentGranted',
        eventTime: JAN,
        eventId: 'event-0',
        eventState: 'dpv:ConsentGiven',
        entityId: SUBJECT,
      }),
      expect.objectContaining({
        eventType: 'ConsentWithdrawn',
        eventTime: '2025-03-01T00:00:00.000Z',
        recordedAt: '2025-03-02T00:00:00.000Z',
        eventId: 'event-2',
        eventState: 'dpv:ConsentWithdrawn',
        entityId: SUBJECT,
      }),
    ]);
    expect(receipt.iso27560.stateAtIssuance).toEqual({
      at: ISSUED,
      status: 'withdrawn',
      eventState: 'dpv:ConsentWithdrawn',
    });
    expect(receipt.law94v.otherInformation.statusAtIssuance).toMatchObject({ status: 'withdrawn', inForce: [] });
  });

  it('keeps the consent given after a partial withdrawal, and shows what was taken back', () => {
    const history = given().add(withdrawal({ purposes: ['advertising'] }), '2025-03-01T00:00:00.000Z');
    const receipt = receiptOf(history);
    expect(receipt.iso27560.events[1]).toMatchObject({
      eventType: 'ConsentWithdrawn',
      eventState: 'dpv:ConsentGiven',
      scope: { purposes: ['advertising'] },
    });
    expect(receipt.law94v.otherInformation.statusAtIssuance.inForce).toEqual([
      { purpose: 'credit-and-pension-checks', recipients: ['first-credit-bureau', 'advertising-partners'] },
    ]);
  });

  it('dates purposes achieved from their facts and shows the consent ended when all are achieved', () => {
    const history = given().add(
      {
        type: 'ConsentPurposesAchieved',
        data: { consentId: 'c1', purposes: ['credit-and-pension-checks', 'advertising'] },
      },
      '2025-04-01T00:00:00.000Z',
    );
    const receipt = receiptOf(history);
    expect(receipt.iso27560.events[1]).toEqual({
      eventType: 'ConsentPurposesAchieved',
      eventTime: '2025-04-01T00:00:00.000Z',
      recordedAt: '2025-04-01T00:00:00.000Z',
      eventId: 'event-2',
      eventState: 'dpv:ConsentExpired',
      entityId: 'KZ-BIN:123456789012',
      purposes: ['credit-and-pension-checks', 'advertising'],
    });
    // Without the facts, the view alone only says the purposes were achieved by the issue time.
    const undated = receiptOf(history, { purposesAchieved: undefined });
    expect(undated.iso27560.events[1]).toMatchObject({ eventTime: ISSUED, eventTimeIsUpperBound: true });
    expect(undated.iso27560.events[1]).not.toHaveProperty('eventId');
  });

  it("tells the consent's life up to the T asked about, as known at the issue time: an achievement after T is not in it", () => {
    const history = given().add(
      { type: 'ConsentPurposesAchieved', data: { consentId: 'c1', purposes: ['advertising'] } },
      '2025-04-01T00:00:00.000Z',
    );
    const at = '2025-03-01T00:00:00.000Z';
    const state = fold(subjectDecider, history.all);
    const view = consentsAt(state, v1Only(), catalogue, { at, knownAt: ISSUED }).find((v) => v.consentId === 'c1')!;
    const receipt = consentReceipt({ ...inputFor(history), consent: view, at });
    expect(receipt.iso27560.stateAtIssuance.status).toBe('active');
    expect(receipt.iso27560.events.map((e) => e.eventType)).toEqual(['ConsentGranted']);
  });

  describe('the term', () => {
    it('states a dated term, and its ending as an event once it has passed', () => {
      const until = '2025-05-01T00:00:00.000Z';
      const receipt = receiptOf(given({ term: { kind: 'until', until } }));
      expectValidKantara(receipt);
      expect(receipt.services[0].purposes[0].termination).toBe(`до ${until}`);
      expect(receipt.law94v.term).toEqual({
        article: '8(4)(3)',
        kind: 'until',
        until,
        label: `до ${until}`,
        text: `until ${until}`,
        citation: 'Law 94-V Art. 8(5)',
      });
      expect(receipt.iso27560.events[0].validityDuration).toBe(`${JAN}/${until}`);
      expect(receipt.iso27560.events[1]).toMatchObject({
        eventType: 'TermEnded',
        eventTime: until,
        eventState: 'dpv:ConsentExpired',
      });
      expect(receipt.iso27560.stateAtIssuance.status).toBe('expired');
    });

    it('words the Kantara fields a person reads in the consent’s language, Kazakh as Russian', () => {
      const until = '2025-05-01T00:00:00.000Z';
      const kk = receiptOf(given({ language: 'kk', collectionMethod: 'paper', term: { kind: 'until', until } }));
      expectValidKantara(kk);
      expect([kk.language, kk.collectionMethod, kk.services[0].purposes[0].termination]).toEqual([
        'kk',
        'қол қойылған қағаз нысаны',
        `${until} дейін`,
      ]);
      expect(kk.law94v.otherInformation.collectionMethod).toEqual({
        code: 'paper',
        label: 'қол қойылған қағаз нысаны',
        en: 'signed paper form',
      });
      const open = receiptOf(given({ language: 'kk' }));
      expect(open.services[0].purposes[0].termination).toBe(
        'өңдеу мақсаттарына жеткенге дейін (мерзімі көрсетілмеген)',
      );
    });

    it('states "until the purposes are achieved" when no term was given', () => {
      const receipt = receiptOf(given());
      expect(receipt.services[0].purposes[0].termination).toBe('до достижения целей обработки (срок не указан)');
      expect(receipt.law94v.term).toMatchObject({
        kind: 'until-purposes-achieved',
        text: 'until the purposes of processing are achieved (no term was stated)',
        citation: 'Law 94-V Art. 8(6)',
      });
      expect(receipt.law94v.term).not.toHaveProperty('until');
      expect(receipt.iso27560.events[0].validityDuration).toBe('until-purposes-achieved');
      expect(receipt.iso27560.events.map((e) => e.eventType)).toEqual(['ConsentGranted']);
    });
  });

  describe("the subject's full name (Art. 8(4)(2))", () => {
    it('gives the name when the caller supplies it', () => {
      const receipt = receiptOf(given(), { subject: { subjectId: SUBJECT, fullName: 'Сериков Арман Болатұлы' } });
      expect(receipt.law94v.subject.fullName).toEqual({ value: 'Сериков Арман Болатұлы' });
      expect(receipt.iso27560.parties[1]).toEqual({
        partyId: SUBJECT,
        type: 'dpv:DataSubject',
        name: { value: 'Сериков Арман Болатұлы' },
        address: { absent: 'not-held-by-ledger', note: expect.stringContaining('address') },
        contact: { absent: 'not-held-by-ledger', note: expect.stringContaining('phone or e-mail') },
      });
    });

    it('states every ISO/IEC TS 27560 party field for the person, with the contacts the grant gave', () => {
      const receipt = receiptOf(given(), { subject: { subjectId: SUBJECT, phone: '+77011234567' } });
      expect(receipt.iso27560.parties[1]).toMatchObject({
        address: { absent: 'not-held-by-ledger' },
        contact: { phone: '+77011234567' },
      });
    });

    it('says the ledger does not hold it rather than leaving it empty', () => {
      const receipt = receiptOf(given());
      expect(receipt.law94v.subject.fullName).toEqual({
        absent: 'not-held-by-ledger',
        note: expect.stringContaining('does not hold'),
      });
      expect(receipt.iso27560.parties[1].name).toMatchObject({ absent: 'not-held-by-ledger' });
      expect(receipt.law94v.subject.subjectId).toBe(SUBJECT);
    });

    it('says the identifiers are held sealed, not absent, when they were not opened for the receipt (an export)', () => {
      const receipt = receiptOf(given(), { subject: { subjectId: SUBJECT, identifiersSealed: true } });
      const sealed = { absent: 'sealed', note: expect.stringContaining('without opening them') };
      expect(receipt.law94v.subject.fullName).toEqual(sealed);
      expect(receipt.iso27560.parties[1]).toMatchObject({ name: sealed, contact: sealed });
    });
  });

  describe('after the person was erased (Law 94-V Art. 18)', () => {
    const ERASED_AT = '2025-05-01T00:00:00.000Z';
    const erasedHistory = () =>
      given().add({ type: 'SubjectErased', data: { reason: 'court-decision' } } as SubjectEvent, ERASED_AT);

    it('says the name and contacts were destroyed with the key, not that the ledger never held them', () => {
      const history = erasedHistory();
      const erased = fold(subjectDecider, history.all).erased!;
      const receipt = receiptOf(history, { erased });
      for (const field of [receipt.law94v.subject.fullName, receipt.iso27560.parties[1].name]) {
        expect(field).toEqual({ absent: 'erased', note: expect.stringContaining(ERASED_AT) });
      }
      expect(receipt.iso27560.parties[1].contact).toMatchObject({ absent: 'erased' });
      expect(receipt.iso27560.stateAtIssuance.status).toBe('erased');
      expectValidKantara(receipt);
    });

    it('ends the consent’s events with the erasure, in the state it left the consent in', () => {
      const history = erasedHistory();
      const erased = fold(subjectDecider, history.all).erased!;
      const events = receiptOf(history, { erased }).iso27560.events;
      expect(events.map((e) => e.eventType)).toEqual(['ConsentGranted', 'SubjectErased']);
      expect(events[1]).toMatchObject({
        eventTime: ERASED_AT,
        eventId: erased.eventId,
        eventState: 'dpv:ConsentInvalidated',
        entityId: SUBJECT,
      });
    });

    it('refuses an erasure the ledger did not know at the issue time', () => {
      const history = erasedHistory();
      const erased = fold(subjectDecider, history.all).erased!;
      expect(() => receiptOf(history, { erased, issuedAt: '2025-04-01T00:00:00.000Z' })).toThrow(DomainError);
    });
  });

  describe("the operator's BIN (Art. 8(4)(1))", () => {
    it('gives the configured BIN and uses it as the controller party id', () => {
      const receipt = receiptOf(given());
      expect(receipt.law94v.operator).toEqual({
        article: '8(4)(1)',
        name: controller.name,
        bin: { value: '123456789012' },
      });
      expect(receipt.iso27560.processing.piiControllers).toEqual(['KZ-BIN:123456789012']);
    });

    it('says it is not configured rather than inventing one', () => {
      const { bin: _bin, ...withoutBin } = controller;
      const receipt = receiptOf(given(), { controller: withoutBin });
      expect(receipt.law94v.operator.bin).toEqual({ absent: 'not-configured', note: expect.stringContaining('BIN') });
      expect(receipt.iso27560.processing.piiControllers).toEqual(['operator']);
      expect(JSON.stringify(receipt)).not.toContain('123456789012');
      expectValidKantara(receipt);
    });

    it("names the operator as its privacy policy does, in the consent's language, not in an English rendering", () => {
      // Given the operator as the policy names it (no name configured), when a receipt is issued for a
      // Kazakh and for a Russian consent, then each names the operator in that language.
      const fromPolicy = controllerDetails(catalogue, { bin: '123456789012' });
      const kk = receiptOf(given({ language: 'kk' }), { controller: fromPolicy });
      const ru = receiptOf(given({ language: 'ru' }), { controller: fromPolicy });
      const KK = '«AUTO SIYLIQ FINANCE» Шағын қаржы ұйымы» ЖШС';
      const RU = 'ТОО «Микрофинансовая организация «AUTO SIYLIQ FINANCE»»';
      expect(kk.law94v.operator.name).toBe(KK);
      expect(kk.piiControllers[0].piiController).toBe(KK);
      expect(kk.iso27560.parties[0].name).toEqual({ value: KK });
      expect(ru.law94v.operator.name).toBe(RU);
      expect(ru.piiControllers[0].piiController).toBe(RU);
      expectValidKantara(kk);
    });

    it('keeps a configured operator name in every language', () => {
      const configured = controllerDetails(catalogue, { name: 'Configured LLP' });
      expect(receiptOf(given({ language: 'kk' }), { controller: configured }).law94v.operator.name).toBe(
        'Configured LLP',
      );
    });

    it('refuses a BIN that is not 12 digits', () => {
      expect(() => receiptOf(given(), { controller: { ...controller, bin: '12345' } })).toThrow(DomainError);
    });
  });

  it('carries the ISO/IEC TS 27560 processing fields', () => {
    const processing = receiptOf(given()).iso27560.processing;
    expect(processing.privacyNotice).toEqual({
      policyId: 'privacy',
      version: '1',
      textHeld: true,
      language: 'ru',
      url: 'https://acredit.kz/policy/1/ru',
      sha256: 'a'.repeat(64),
      effectiveFrom: '2025-01-01T00:00:00.000Z',
      materialChange: true,
      publishedEventId: 'policy-event-0',
    });
    expect(processing.storageLocations).toEqual([
      { country: 'KZ', label: 'Республика Казахстан', en: 'Republic of Kazakhstan', citation: 'Law 94-V Art. 12(2)' },
    ]);
    expect(processing.piiInformation.map((c) => [c.code, c.directIdentifier])).toEqual([
      ['full-name', true],
      ['iin', true],
      ['credit-history', false],
    ]);
    expect(processing.withdrawalMethod.onlyAfterLoanObligationsFulfilled).toEqual(['credit-and-pension-checks']);
    expect(processing.withdrawalMethod.notWithdrawableRequiredByLaw).toEqual([]);
    expect(processing.recipientThirdParties).toEqual([
      expect.objectContaining({ code: 'first-credit-bureau', country: 'KZ', crossBorder: false }),
      expect.objectContaining({ code: 'advertising-partners', country: 'KZ', crossBorder: false }),
    ]);
  });

  describe('the retention period (ISO/IEC TS 27560; Law 94-V Art. 24(1) the storage period)', () => {
    const retention = {
      defaultYears: 5,
      byDataCategory: { 'credit-history': 7, 'salary-amount': 9 },
      creditBureauYears: 10,
    };
    it('states how many years the data is kept, with the credit-bureau register period when a bureau is a recipient', () => {
      // Given retention rules and a consent naming a credit bureau, when its receipt is issued,
      // then it says how long the data is kept, not only the consent's term.
      const period = receiptOf(given(), { retention }).iso27560.processing.retentionPeriod;
      expect(period).toMatchObject({
        term: { kind: 'until-purposes-achieved' },
        yearsAfterRelationshipEnds: 7,
        yearsAfterLastCreditBureauDisclosure: 10,
        citation: expect.stringContaining('Law 573-II Art. 23(5)-(6)'),
      });
    });

    it('leaves out the credit-bureau period when no bureau is named', () => {
      const period = receiptOf(given({ recipients: ['advertising-partners'], dataCategories: ['full-name'] }), {
        retention,
      }).iso27560.processing.retentionPeriod;
      expect(period.yearsAfterRelationshipEnds).toBe(5);
      expect(period).not.toHaveProperty('yearsAfterLastCreditBureauDisclosure');
    });
  });

  it('names the purposes a law requires as never withdrawable, apart from the loan-bound ones (Art. 8(2))', () => {
    const method = receiptOf(given({ purposes: ['legal-obligations', 'credit-and-pension-checks', 'advertising'] }))
      .iso27560.processing.withdrawalMethod;
    expect(method.notWithdrawableRequiredByLaw).toEqual(['legal-obligations']);
    // The law requires the operator's own processing, not the transfers: the person may take those back.
    expect(method.how).toContain('own processing for purposes a law requires (their transfers to third parties may');
    expect(method.onlyAfterLoanObligationsFulfilled).toEqual(['credit-and-pension-checks']);
  });

  it('states cross-border transfer and publication as granted and as they stand at issuance', () => {
    const history = given({
      recipients: ['advertising-partners-abroad'],
      crossBorderTransferAllowed: true,
      publicationAllowed: true,
    }).add(withdrawal({ crossBorderTransfer: true }), '2025-03-01T00:00:00.000Z');
    const receipt = receiptOf(history);
    expect(receipt.law94v.crossBorderTransfer).toEqual({
      article: '8(4)(5)',
      allowed: true,
      allowedAtIssuance: false,
      recipientsAbroad: ['advertising-partners-abroad'],
    });
    expect(receipt.law94v.publicationInPublicSources).toEqual({
      article: '8(4)(6)',
      allowed: true,
      allowedAtIssuance: true,
    });
    expect(receipt.iso27560.processing.recipientThirdParties[0]).toMatchObject({ country: 'ZZ', crossBorder: true });
  });

  it('uses the Kazakh labels and policy text for a consent given in Kazakh', () => {
    const receipt = receiptOf(given({ language: 'kk', recipients: ['first-credit-bureau'] }));
    expectValidKantara(receipt);
    expect(receipt.language).toBe('kk');
    expect(receipt.policyUrl).toBe('https://acredit.kz/policy/1/kk');
    expect(receipt.services[0].purposes[0].thirdPartyName).toBe('«Бірінші кредиттік бюро» ЖШС');
    expect(receipt.law94v.dataCollected.categories[1]).toEqual({
      code: 'iin',
      label: 'жеке сәйкестендіру нөмірі (ЖСН)',
      en: 'individual identification number (IIN)',
      source: 'subject',
      directIdentifier: true,
    });
    expect(receipt.iso27560.processing.storageLocations[0].label).toBe('Қазақстан Республикасы');
  });

  it('records collection method, evidence and the policy shown as other information (Art. 8(4)(8))', () => {
    const other = receiptOf(given()).law94v.otherInformation;
    expect(other.collectionMethod).toEqual({
      code: 'sms-one-time-code',
      label: 'одноразовый SMS-код',
      en: 'SMS one-time code',
    });
    expect(other.evidence).toEqual([{ kind: 'sms-log', reference: 'sms-gw/784512', sha256: 'b'.repeat(64) }]);
    expect(other.policyShown).toMatchObject({ policyId: 'privacy', version: '1', sha256: 'a'.repeat(64) });
    expect(other.statusAtIssuance).toMatchObject({ issuedAt: ISSUED, status: 'active', dpvState: 'dpv:ConsentGiven' });
  });

  it('says the policy text is not held when the caller has no policy version, and points to the policy page', () => {
    const receipt = receiptOf(given(), { policyShown: undefined });
    expectValidKantara(receipt);
    expect(receipt.policyUrl).toBe(catalogue.catalogue.controller.policyUrl);
    expect(receipt.iso27560.processing.privacyNotice).toEqual({ policyId: 'privacy', version: '1', textHeld: false });
  });

  describe('the Kantara schema check', () => {
    it('fails a receipt missing a required field', () => {
      const { piiPrincipalId: _omitted, ...broken } = receiptOf(given());
      expect(validateKantara(broken)).toBe(false);
      expect(validateKantara.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ params: { missingProperty: 'piiPrincipalId' } })]),
      );
    });

    it('fails a disclosure to third parties that does not name them', () => {
      const receipt = receiptOf(given());
      const { thirdPartyName: _omitted, ...purpose } = receipt.services[0].purposes[0];
      const broken = { ...receipt, services: [{ ...receipt.services[0], purposes: [purpose] }] };
      expect(validateKantara(broken)).toBe(false);
    });
  });

  it('is deterministic and leaves its input untouched', () => {
    const input = inputFor(given().add(withdrawal({ purposes: ['advertising'] }), '2025-03-01T00:00:00.000Z'));
    const before = JSON.stringify(input.consent);
    const first = JSON.stringify(consentReceipt(input));
    expect(JSON.stringify(consentReceipt(input))).toBe(first);
    expect(
      JSON.stringify(
        consentReceipt(inputFor(given().add(withdrawal({ purposes: ['advertising'] }), '2025-03-01T00:00:00.000Z'))),
      ),
    ).toBe(first);
    expect(JSON.stringify(input.consent)).toBe(before);
    // Another issue time is another receipt of the same consent record.
    const later = consentReceipt({ ...input, issuedAt: '2025-07-01T00:00:00.000Z' });
    expect(later.consentReceiptID).not.toBe(JSON.parse(first).consentReceiptID);
    expect(later.iso27560.header.recordId).toBe('c1');
  });

  it('says which T it is about, and one about another T as known at the same T′ is another receipt', () => {
    const input = inputFor(given());
    const now = consentReceipt(input);
    const earlier = consentReceipt({ ...input, at: '2025-05-01T00:00:00.000Z' });
    expect(now.consentReceiptID).toBe(`receipt:c1:${ISSUED}`);
    expect(earlier.consentReceiptID).toBe(`receipt:c1:${ISSUED}:at:2025-05-01T00:00:00.000Z`);
    expect(earlier.iso27560.header.receiptId).toBe(earlier.consentReceiptID);
    expect([now.iso27560.stateAtIssuance.at, earlier.iso27560.stateAtIssuance.at]).toEqual([
      ISSUED,
      '2025-05-01T00:00:00.000Z',
    ]);
    expect(earlier.law94v.otherInformation.statusAtIssuance).toMatchObject({
      issuedAt: ISSUED,
      at: '2025-05-01T00:00:00.000Z',
    });
  });

  describe('refuses inputs that would make the receipt say something false', () => {
    it('a view holding facts the ledger did not know at the issue time', () => {
      const history = given().add(withdrawal({}), '2025-03-01T00:00:00.000Z', '2025-06-05T00:00:00.000Z');
      const input = inputFor(history, { issuedAt: '2025-06-10T00:00:00.000Z' });
      expect(() => consentReceipt({ ...input, issuedAt: ISSUED })).toThrow(/not known at/);
    });

    it('a policy version other than the one the grant names', () => {
      const input = inputFor(given());
      const other = { ...input.policyShown!, version: '2' };
      expect(() => consentReceipt({ ...input, policyShown: other })).toThrow(/not privacy version 2/);
    });

    it('an issue time that is not an instant', () => {
      const input = inputFor(given());
      expect(() => consentReceipt({ ...input, issuedAt: '2025-06-01' })).toThrow(/not an instant/);
    });
  });
});

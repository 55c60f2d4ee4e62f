import { LENDER_CATALOGUE } from './lender-catalogue';

/**
 * The catalogue against the lender's privacy policy (Kazakh text, /work/shared/seeds): a label is
 * what the person consents to, so each language must say what the policy says — no less, no more.
 */
const purpose = (code: string) => LENDER_CATALOGUE.purposes.find((p) => p.code === code)!.labels;
const recipient = (code: string) => LENDER_CATALOGUE.recipients.find((r) => r.code === code)!.labels;
const allLabels = () =>
  [
    ...LENDER_CATALOGUE.purposes,
    ...LENDER_CATALOGUE.dataCategories,
    ...LENDER_CATALOGUE.recipients,
    ...LENDER_CATALOGUE.legalBases,
  ].map((entry) => ({ code: entry.code, ...entry.labels }));

describe('the catalogue against the lender’s privacy policy', () => {
  it('writes “post” the Kazakh way, as the policy does (§1.1: «экспресс пошта», «хат-хабар (пошта)»)', () => {
    expect(recipient('couriers-and-post').kk).toMatch(/пошта/);
    expect(
      allLabels()
        .filter((l) => /почта/i.test(l.kk))
        .map((l) => l.code),
    ).toEqual([]);
  });

  it('names preventing offences under security in every language, as §1.1 does («құқық бұзушылықты болдырмау»)', () => {
    const security = purpose('security');
    expect(security.kk).toMatch(/құқық бұзушылықты болдырмау/);
    expect(security.ru).toMatch(/предотвращение правонарушений/);
    expect(security.en).toMatch(/preventing offences/);
  });

  it('names, under advertising, contacting people to advertise and organising events for users in every language (§1.1)', () => {
    const advertising = purpose('advertising');
    expect(advertising.kk).toMatch(/жарнамалау/);
    expect(advertising.kk).toMatch(/іс-шара/);
    expect(advertising.ru).toMatch(/рекламы услуг/);
    expect(advertising.ru).toMatch(/мероприяти/);
    expect(advertising.en).toMatch(/events/);
  });

  it('protects the lender’s rights only when the borrower breaches the contract, in every language (§1.1)', () => {
    const protection = purpose('rights-protection');
    expect(protection.kk).toMatch(/бұзған жағдайда/);
    expect(protection.ru).toMatch(/при нарушении/);
    expect(protection.en).toMatch(/if the contract is breached/);
  });

  it('collects debts in the uncontested procedure, as §1.1 says («даусыз тәртіпте»), not "including" it', () => {
    const collection = purpose('debt-collection');
    expect(collection.kk).toMatch(/даусыз тәртіпте/);
    expect(collection.ru).toMatch(/в бесспорном порядке/);
    expect(collection.en).toMatch(/in the uncontested procedure/);
    expect(collection.en).not.toMatch(/including/);
  });

  it('maps protecting the lender’s rights in and out of court to DPV’s dispute management, not to making a contract or security', () => {
    // §1.1: the borrower has breached a contract already made; dpv:EstablishContractualAgreement is
    // entering into one, dpv:EnforceSecurity is securing data, staff and premises (the `security` purpose).
    expect(LENDER_CATALOGUE.purposes.find((p) => p.code === 'rights-protection')!.dpv).toEqual(['DisputeManagement']);
  });

  it('keeps documents and credit dossiers as the law and the lender’s internal documents require, in every language (§1.1)', () => {
    // The obligation is why a law-required purpose is never withdrawable; the label says whose it is.
    const dossiers = purpose('dossier-keeping');
    expect(dossiers.kk).toMatch(/нормативтік құқықтық актілері/);
    expect(dossiers.kk).toMatch(/ішкі құжаттары/);
    expect(dossiers.ru).toMatch(/нормативными правовыми актами/);
    expect(dossiers.ru).toMatch(/внутренними документами/);
    expect(dossiers.en).toMatch(/the law and internal rules require/);
  });
});

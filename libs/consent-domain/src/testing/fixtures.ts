import catalogueJson from '../catalogue/catalogue.json';
import { Catalogue, CatalogueIndex } from '../catalogue/catalogue';
import { fold } from '../shared/decider';
import { PolicyState, policyDecider } from '../policy/policy-decider';
import { PolicyEvent } from '../policy/policy-events';
import { SubjectContext } from '../subject/subject-decider';
import { ConsentGranted } from '../subject/subject-events';
import { PolicyBook } from '../validity/validity';
import { History } from './decider-spec';

export const catalogue = new CatalogueIndex(catalogueJson as Catalogue);
export const DAY = 24 * 60 * 60 * 1000;
export const time = { lateWindowMs: 30 * DAY, clockSkewMs: 2 * 60 * 1000 };

export const text = (lang: string, v: string) => ({
  sha256: 'a'.repeat(64),
  url: `https://acredit.kz/policy/${v}/${lang}`,
});

/** One policy, `privacy`, with the given versions published (and recorded) at their effective dates. */
export function policyBook(
  ...versions: { version: string; effectiveFrom: string; materialChange: boolean; recordedAt?: string }[]
): PolicyBook {
  const history = new History<PolicyEvent>('policy-event');
  for (const v of versions) {
    history.add(
      {
        type: 'PolicyVersionPublished',
        data: {
          policyId: 'privacy',
          version: v.version,
          effectiveFrom: v.effectiveFrom,
          materialChange: v.materialChange,
          texts: { kk: text('kk', v.version), ru: text('ru', v.version) },
        },
      },
      v.effectiveFrom,
      v.recordedAt ?? v.effectiveFrom,
    );
  }
  const state: PolicyState = fold(policyDecider, history.all);
  return { privacy: state };
}

export const v1Only = () =>
  policyBook({ version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', materialChange: true });

export function context(now: string, policies: PolicyBook = v1Only()): SubjectContext {
  return { now, time, catalogue, policies };
}

/**
 * A ConsentGranted event: what it covers is the test's to say; the rest is a plain web-checkbox
 * consent in Russian under privacy 1, no separate permissions, no notice asked, until its purposes end.
 */
export function consentGranted(
  data: Pick<ConsentGranted['data'], 'purposes' | 'dataCategories' | 'recipients'> & Partial<ConsentGranted['data']>,
): ConsentGranted {
  return {
    type: 'ConsentGranted',
    data: {
      consentId: 'c1',
      crossBorderTransferAllowed: false,
      publicationAllowed: false,
      notifyOnDisclosure: false,
      term: { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version: '1' },
      language: 'ru',
      collectionMethod: 'web-checkbox',
      evidence: [],
      catalogueVersion: catalogue.version,
      ...data,
    },
  };
}

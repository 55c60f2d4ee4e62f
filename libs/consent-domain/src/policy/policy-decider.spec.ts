import { deciderSpec, History } from '../testing/decider-spec';
import { time } from '../testing/fixtures';
import { policyDecider, PublishPolicyVersion } from './policy-decider';
import { PolicyEvent } from './policy-events';

const NOW = '2025-03-01T12:00:00.000Z';
const spec = deciderSpec(policyDecider, () => ({ now: NOW, time }));
const texts = { kk: { sha256: 'c'.repeat(64), url: 'https://acredit.kz/privacy/kk' } };
const publish = (version: string, effectiveFrom: string, occurredAt = NOW): PublishPolicyVersion => ({
  type: 'PublishPolicyVersion',
  data: { policyId: 'privacy', version, effectiveFrom, texts, materialChange: true, occurredAt },
});
const published = new History<PolicyEvent>().add(
  {
    type: 'PolicyVersionPublished',
    data: { policyId: 'privacy', version: '1', effectiveFrom: '2025-02-15T00:00:00.000Z', texts, materialChange: true },
  },
  '2025-02-15T00:00:00.000Z',
);

describe('publishing policy versions', () => {
  it('publishes a version', () => {
    spec
      .given([])
      .when(publish('1', '2025-03-02T00:00:00.000Z'))
      .then([
        {
          type: 'PolicyVersionPublished',
          data: {
            policyId: 'privacy',
            version: '1',
            effectiveFrom: '2025-03-02T00:00:00.000Z',
            texts,
            materialChange: true,
          },
        },
      ]);
  });

  it('keeps versions immutable', () => {
    spec
      .given(published.all)
      .when(publish('1', '2025-03-02T00:00:00.000Z'))
      .thenThrows('conflict', 'policy-version-exists');
  });

  it('refuses a version that would take effect before the one in force', () => {
    spec
      .given(published.all)
      .when(publish('2', '2025-02-10T00:00:00.000Z', '2025-02-10T00:00:00.000Z'))
      .thenThrows('refused', 'policy-effective-before-current');
    spec
      .given(published.all)
      .when(publish('2', '2025-02-15T00:00:00.000Z', '2025-02-15T00:00:00.000Z'))
      .thenThrows('refused', 'policy-effective-before-current');
  });

  it('refuses a version that takes effect before it is published', () => {
    spec
      .given([])
      .when(publish('1', '2025-02-20T00:00:00.000Z'))
      .thenThrows('refused', 'policy-effective-before-publication');
  });

  it('refuses a publication dated in the future', () => {
    spec
      .given([])
      .when(publish('1', '2025-03-05T00:00:00.000Z', '2025-03-04T00:00:00.000Z'))
      .thenThrows('invalid', 'occurred-in-future');
  });
});

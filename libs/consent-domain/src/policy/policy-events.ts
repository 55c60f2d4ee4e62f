import { Instant } from '../shared/instant';

export interface PolicyText {
  /** SHA-256 of the published text, hex. */
  readonly sha256: string;
  readonly url: string;
}

export type PolicyVersionPublished = {
  readonly type: 'PolicyVersionPublished';
  readonly data: {
    readonly policyId: string;
    readonly version: string;
    readonly effectiveFrom: Instant;
    /** Per language: the state language (kk) and the official language (ru). */
    readonly texts: { readonly kk?: PolicyText; readonly ru?: PolicyText };
    /** A material change: consents stay suspended until the person accepts this version. */
    readonly materialChange: boolean;
    readonly summary?: string;
  };
};

export type PolicyEvent = PolicyVersionPublished;
export const POLICY_EVENTS = {
  PolicyVersionPublished: { schemaVersion: 1, personal: [] },
} as const satisfies Record<PolicyEvent['type'], { schemaVersion: number; personal: readonly string[] }>;

import { Decider, exhaustive, Recorded } from '../shared/decider';
import { conflict, refused } from '../shared/domain-error';
import { Instant } from '../shared/instant';
import { assertOccurredInWindow, TimeRules } from '../shared/time-rules';
import { PolicyEvent, PolicyVersionPublished } from './policy-events';

/** A published version, with when it was published, recorded, and by which event. */
export type PolicyVersion = PolicyVersionPublished['data'] & {
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly eventId: string;
};

/** A policy's versions in order of taking effect (which is also the order they were published in). */
export interface PolicyState {
  readonly versions: readonly PolicyVersion[];
}

export type PublishPolicyVersion = {
  readonly type: 'PublishPolicyVersion';
  readonly data: PolicyVersionPublished['data'] & { readonly occurredAt: Instant };
};

export type PolicyCommand = PublishPolicyVersion;

export interface PolicyContext {
  /** When the ledger records the decision. */
  readonly now: Instant;
  readonly time: TimeRules;
}

export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState, PolicyContext> = {
  initialState: () => ({ versions: [] }),

  decide(command, state, context) {
    switch (command.type) {
      case 'PublishPolicyVersion': {
        const c = command.data;
        assertOccurredInWindow(c.occurredAt, context);
        if (state.versions.some((v) => v.version === c.version)) {
          throw conflict(
            'policy-version-exists',
            `policy ${c.policyId} already has version ${c.version}; versions are immutable`,
          );
        }
        if (c.effectiveFrom < c.occurredAt) {
          throw refused(
            'policy-effective-before-publication',
            'a policy version cannot take effect before it is published',
          );
        }
        const latest = state.versions[state.versions.length - 1];
        if (latest && c.effectiveFrom <= latest.effectiveFrom) {
          throw refused(
            'policy-effective-before-current',
            `version ${c.version} would take effect at ${c.effectiveFrom}, not after version ${latest.version} (${latest.effectiveFrom})`,
          );
        }
        return [
          {
            type: 'PolicyVersionPublished',
            data: {
              policyId: c.policyId,
              version: c.version,
              effectiveFrom: c.effectiveFrom,
              texts: c.texts,
              materialChange: c.materialChange,
              ...(c.summary !== undefined ? { summary: c.summary } : {}),
            },
          },
        ];
      }
    }
    return exhaustive(command.type, 'command');
  },

  evolve(state, event: Recorded<PolicyEvent>) {
    switch (event.type) {
      case 'PolicyVersionPublished':
        return {
          versions: [
            ...state.versions,
            {
              ...event.data,
              occurredAt: event.occurredAt,
              recordedAt: event.recordedAt,
              eventId: event.ref.eventId,
            },
          ],
        };
    }
    return exhaustive(event.type, 'event');
  },
};

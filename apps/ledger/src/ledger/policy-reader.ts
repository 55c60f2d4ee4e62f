import { Inject, Injectable } from '@nestjs/common';
import { PolicyBook, PolicyEvent, policyDecider, PolicyState } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { policyStream, toRecorded } from '@ledger/ledger-log';
import { StreamModel } from './command-executor';
import { EVENT_STORE } from './tokens';

/** A policy's stream folds into the domain's policy state. */
export const POLICY_MODEL: StreamModel<PolicyState> = {
  initial: policyDecider.initialState,
  evolve: (state, event) => policyDecider.evolve(state, toRecorded<PolicyEvent>(event)),
};

/**
 * Policies for decisions, read from the log itself rather than a read model, so a decision never
 * works from a stale policy. Policy streams only grow, so each read fetches just the new tail.
 */
@Injectable()
export class PolicyReader {
  private readonly cache = new Map<string, { state: PolicyState; revision: number }>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async book(policyIds: Iterable<string>): Promise<PolicyBook> {
    const book: Record<string, PolicyState> = {};
    for (const policyId of new Set(policyIds)) book[policyId] = await this.policy(policyId);
    return book;
  }

  async policy(policyId: string): Promise<PolicyState> {
    const cached = this.cache.get(policyId) ?? { state: policyDecider.initialState(), revision: -1 };
    const tail = await this.store.readStream(policyStream(policyId), { fromRevision: cached.revision + 1 });
    if (tail.length === 0) return cached.state;
    const state = tail.reduce(POLICY_MODEL.evolve, cached.state);
    this.cache.set(policyId, { state, revision: tail[tail.length - 1].revision });
    return state;
  }
}

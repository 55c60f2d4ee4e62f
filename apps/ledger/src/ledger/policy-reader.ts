import { Injectable } from '@nestjs/common';
import { PolicyBook, PolicyEvent, policyDecider, PolicyState } from '@ledger/consent-domain';
import { policyStream, toRecorded } from '@ledger/ledger-log';
import { CommandExecutor, StreamModel } from './command-executor';
import { DryRunScratch } from './import-scope';

/** A policy's stream folds into the domain's policy state. */
export const POLICY_MODEL: StreamModel<PolicyState> = {
  initial: policyDecider.initialState,
  evolve: (state, event) => policyDecider.evolve(state, toRecorded<PolicyEvent>(event)),
};

/**
 * Policies for decisions, read from the log itself (through the command road's checked, cached
 * heads) rather than a read model, so a decision never works from a stale policy.
 */
@Injectable()
export class PolicyReader {
  constructor(private readonly executor: CommandExecutor) {}

  /** `dryRun`: a dry import's scratch, where a policy it published (without writing) is found. */
  async book(policyIds: Iterable<string>, dryRun?: DryRunScratch): Promise<PolicyBook> {
    const book: Record<string, PolicyState> = {};
    for (const policyId of new Set(policyIds)) book[policyId] = await this.policy(policyId, dryRun);
    return book;
  }

  policy(policyId: string, dryRun?: DryRunScratch): Promise<PolicyState> {
    return this.executor.current(policyStream(policyId), POLICY_MODEL, dryRun);
  }
}

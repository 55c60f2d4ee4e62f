import { Inject, Injectable } from '@nestjs/common';
import { CatalogueIndex, fold, subjectDecider, SubjectCommand, SubjectEvent } from '@ledger/consent-domain';
import { Pseudonymiser, subjectStream, toRecorded } from '@ledger/ledger-log';
import { LedgerConfig } from '../config/ledger-config';
import { CommandExecutor, CommandMeta, CommandResult } from './command-executor';
import { PolicyReader } from './policy-reader';
import { CATALOGUE, LEDGER_CONFIG } from './tokens';

export interface SubjectCommandResult extends CommandResult {
  readonly subjectId: string;
}

/** Runs a person's command: their stream, the policies their consents name, the domain decider. */
@Injectable()
export class SubjectLedger {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyReader,
    private readonly pseudonyms: Pseudonymiser,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  subjectIdOf(iin: string): string {
    return this.pseudonyms.subjectId(iin);
  }

  async execute(iin: string, command: SubjectCommand, meta: CommandMeta): Promise<SubjectCommandResult> {
    const subjectId = this.pseudonyms.subjectId(iin);
    const result = await this.executor.execute({
      meta,
      commandType: command.type,
      stream: subjectStream(subjectId),
      request: command.data,
      occurredAt: command.data.occurredAt,
      decide: async (events, now) => {
        const state = fold(
          subjectDecider,
          events.map((e) => toRecorded<SubjectEvent>(e)),
        );
        const policyIds = state.consents.map((c) => c.policyShown.policyId);
        if ('policyShown' in command.data) policyIds.push(command.data.policyShown.policyId);
        if (command.type === 'AcceptPolicyVersion') policyIds.push(command.data.policyId);
        const policies = await this.policies.book(policyIds);
        return subjectDecider.decide(command, state, {
          now,
          time: this.config.time,
          catalogue: this.catalogue,
          policies,
        });
      },
    });
    return { ...result, subjectId };
  }
}

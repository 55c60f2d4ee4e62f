import { Inject, Injectable } from '@nestjs/common';
import { CatalogueIndex, fold, refused, subjectDecider, SubjectCommand, SubjectEvent } from '@ledger/consent-domain';
import { Pseudonymiser, subjectStream, toRecorded } from '@ledger/ledger-log';
import { Identifiers, KeyDestroyedError, KeyStore, seal, Sealed } from '@ledger/personal-data';
import { LedgerConfig } from '../config/ledger-config';
import { CommandExecutor, CommandMeta, CommandResult } from './command-executor';
import { PolicyReader } from './policy-reader';
import { CATALOGUE, KEY_STORE, LEDGER_CONFIG } from './tokens';

export interface SubjectCommandResult extends CommandResult {
  readonly subjectId: string;
}

/** A person as a command names them: by IIN (the lending core) or by pseudonym (staff, sweeps). */
export type SubjectRef = { readonly iin: string } | { readonly subjectId: string };

/** Runs a person's command: their stream, the policies their consents name, the domain decider. */
@Injectable()
export class SubjectLedger {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyReader,
    private readonly pseudonyms: Pseudonymiser,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  subjectIdOf(iin: string): string {
    return this.pseudonyms.subjectId(iin);
  }

  /**
   * Seals a person's identifiers with their own data key, bound to their stream. Called only once a
   * decision accepted them, so a refused command makes no key. A person whose key was destroyed
   * cannot be given new identifiers: they were erased.
   */
  async sealIdentifiers(subjectId: string, identifiers: Identifiers): Promise<Sealed> {
    try {
      return seal(identifiers, await this.keys.dataKeyFor(subjectId), subjectStream(subjectId));
    } catch (error) {
      if (error instanceof KeyDestroyedError) {
        throw refused('subject-erased', 'this person was erased: the ledger records nothing more about them');
      }
      throw error;
    }
  }

  /**
   * `request` is what a retry is compared on; it defaults to the command, and differs only when the
   * command carries sealed values, whose ciphertext changes with every sealing.
   */
  async execute(
    subject: SubjectRef,
    command: SubjectCommand,
    meta: CommandMeta,
    request: unknown = command.data,
    /** Runs on what was decided, before it is written: where sealed values are put in. */
    finish?: (decided: SubjectEvent[], subjectId: string) => Promise<SubjectEvent[]>,
  ): Promise<SubjectCommandResult> {
    const subjectId = 'iin' in subject ? this.pseudonyms.subjectId(subject.iin) : subject.subjectId;
    const result = await this.executor.execute({
      meta,
      commandType: command.type,
      stream: subjectStream(subjectId),
      request,
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
        const decided = subjectDecider.decide(command, state, {
          now,
          time: this.config.time,
          catalogue: this.catalogue,
          policies,
          retention: this.config.retention,
        });
        return finish ? finish(decided, subjectId) : decided;
      },
    });
    return { ...result, subjectId };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  CatalogueIndex,
  DomainError,
  Instant,
  notFound,
  evolveSubject,
  initialSubjectState,
  policiesNeeded,
  subjectDecider,
  SubjectCommand,
  SubjectEvent,
  SubjectState,
} from '@ledger/consent-domain';
import { Digests, entityIdFor, idOf, newSubjectId, subjectStream, toRecorded } from '@ledger/ledger-log';
import { isSealedLoanId, KeyStore, openLoanId, sealLoanId } from '@ledger/personal-data';
import { ReadSide } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import {
  CommandExecutor,
  CommandMeta,
  CommandResult,
  ClaimedElsewhere,
  LinkedElsewhere,
  SeriesOutcome,
  StreamModel,
} from './command-executor';
import { timeRulesFor } from './import-scope';
import { PolicyReader } from './policy-reader';
import { CATALOGUE, KEY_STORE, LEDGER_CONFIG, READ_SIDE } from './tokens';

export interface SubjectCommandResult extends CommandResult {
  readonly subjectId: string;
}

/** One command of a person's series: `request` is what a retry is compared on (default: the command). */
export interface SubjectCommandItem {
  readonly command: SubjectCommand;
  readonly meta: CommandMeta;
  readonly request?: unknown;
  /**
   * Its key was looked for among the claims already (CommandExecutor.claimedAmong) and found
   * unclaimed: a person new to the ledger need not look again for this command's earlier answer.
   */
  readonly unclaimed?: boolean;
}

/**
 * A command as its handler builds it from a request, before it runs: whom it is about, what the
 * domain is asked, and how its result becomes the handler's answer (which may refuse, as a recorded
 * withdrawal refusal does). The HTTP handler and the bulk import run the same one.
 */
export interface PreparedSubjectCommand<A> {
  readonly subject: SubjectRef;
  readonly command: SubjectCommand;
  /** What a retry is compared on, when not the command's data (see SubjectCommandItem). */
  readonly request?: unknown;
  readonly answer: (result: SubjectCommandResult) => A;
}

/** A person as a command names them: by IIN (the lending core) or by pseudonym (staff, sweeps). */
export type SubjectRef =
  | {
      readonly iin: string;
      /** The IIN's keyed digest (its link's name), when the caller made it already (SubjectLedger.lookAhead). */
      readonly link?: string;
    }
  | { readonly subjectId: string };

/** A person's stream folds into the domain's own state. */
export const SUBJECT_MODEL: StreamModel<SubjectState> = {
  initial: initialSubjectState,
  evolve: (state, event) => evolveSubject(state, toRecorded<SubjectEvent>(event)),
};

/** Erased, but a crash kept the IIN link: the erasure is finished and the person starts afresh. */
class ErasedButLinked extends Error {}

/** What a retry of a command about someone erased since hears: what the ledger says of any unknown IIN. */
const ERASED_SINCE = notFound('unknown-subject', 'the ledger holds nothing about this person');

/**
 * Runs a person's command: finds the person by their IIN's link (a new person gets a random
 * pseudonym, linked only once a decision writes something), folds their stream, and decides with
 * the domain against the policies the domain names.
 */
@Injectable()
export class SubjectLedger {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyReader,
    private readonly digests: Digests,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
  ) {}

  /**
   * The id of what a command creates (a consent, a withdrawal, a disclosure), derived from the keyed
   * digest of its idempotency key: stable across retries, and no way back to the key.
   */
  entityId(kind: string, meta: CommandMeta): string {
    return entityIdFor(kind, this.digests.command(meta.commandId));
  }

  /** The person's pseudonym, if the ledger knows them; looking creates nothing. */
  async lookup(iin: string): Promise<string | undefined> {
    const subjectId = await this.keys.subjectOf(this.digests.iin(iin));
    if (subjectId === undefined) return undefined;
    // Erased, yet linked: the process died between the erasure and its key's destruction. Finished
    // now, or the IIN would lead to the erased history until the next sweep (Law 94-V Art. 18).
    const erased = this.readSide.subjects.state(subjectId)?.state.erased;
    if (erased === undefined) return subjectId;
    await this.keys.destroy(subjectId, erased.occurredAt);
    return undefined;
  }

  /**
   * Reads whom these people's IINs are linked to at once, where the key store can (a chunk of an
   * import): each series then finds its person, or that it is new, without a read of its own.
   */
  async lookAhead<R extends SubjectRef>(subjects: readonly R[]): Promise<R[]> {
    // Each IIN digested once: the people come back with it, for their series to use.
    const named = subjects.map((s) => ('iin' in s ? { ...s, link: this.linkOf(s) } : s));
    const digests = named.flatMap((s) => ('link' in s && s.link !== undefined ? [s.link] : []));
    if (digests.length > 0) await this.keys.lookAhead?.(digests);
    return named;
  }

  private linkOf(subject: { readonly iin: string; readonly link?: string }): string {
    return subject.link ?? this.digests.iin(subject.iin);
  }

  /** `request` is what a retry is compared on; it defaults to the command. */
  async execute(
    subject: SubjectRef,
    command: SubjectCommand,
    meta: CommandMeta,
    request: unknown = command.data,
  ): Promise<SubjectCommandResult> {
    const [outcome] = await this.executeSeries(subject, [{ command, meta, request }]);
    if ('refused' in outcome) throw outcome.refused;
    return outcome.ok;
  }

  /**
   * One person's commands in the order given, decided one after another as if sent one by one, and
   * written together (see CommandExecutor.executeSeries): a bulk import's road. A single command
   * takes the same road.
   */
  async executeSeries(
    subject: SubjectRef,
    items: readonly SubjectCommandItem[],
  ): Promise<SeriesOutcome<SubjectCommandResult>[]> {
    if ('subjectId' in subject) {
      return this.run(subject.subjectId, undefined, subject.subjectId, items);
    }
    const link = this.linkOf(subject);
    // A series is one import's or none: its first command says which.
    const dry = items[0]?.meta.imported?.dryRun;
    const known = await this.keys.subjectOf(link);
    let linked = known;
    // A dry run's new person gets a pseudonym of its own, whose stream is never written.
    const madeUp = dry !== undefined && !linked;
    if (dry && !linked) {
      linked = dry.links.get(link) ?? newSubjectId();
      dry.links.set(link, linked);
    }
    const outcomes: (SeriesOutcome<SubjectCommandResult> | undefined)[] = items.map(() => undefined);
    // An erasure is decided against the person the IIN names now, so a retry of an old one after the
    // person came back is answered from its claim before it could be decided (erasures are few).
    // A dry run writes nothing, so no claim can conflict with it: rows claimed before an erasure (for
    // a person now unknown, or come back) are answered from their claims first, as the run it
    // rehearses would answer them.
    if (!known || dry || items.some((i) => i.command.type === 'EraseSubject' && !i.unclaimed)) {
      await this.answerFromClaims(items, link, linked, outcomes);
    }
    for (;;) {
      const rest = items.filter((_, i) => outcomes[i] === undefined);
      try {
        const results = linked
          ? await this.run(linked, undefined, link, rest, true, madeUp)
          : await this.run(newSubjectId(), link, link, rest);
        const answered = outcomes.map((o) => o ?? results.shift()!);
        if (linked && !dry) await this.refusedButClaimed(items, link, linked, answered);
        return answered;
      } catch (error) {
        if (error instanceof LinkedElsewhere) linked = error.subjectId;
        else if (error instanceof ErasedButLinked && linked) {
          await this.keys.destroy(linked, new Date().toISOString());
          linked = undefined;
          // Commands claimed for the person just erased, their events never written, are about them:
          // answered before anyone new is made (and keyed, and linked) for them.
          await this.answerFromClaims(items, link, linked, outcomes);
        } else if (error instanceof ClaimedElsewhere) {
          // A command from before an erasure, retried after the person came back.
          if ((await this.answerFromClaims(items, link, linked, outcomes)) === 0) throw error;
        } else throw error;
      }
    }
  }

  /**
   * Answers from their claims the commands whose keys were used before: a retry of the command that
   * erased this person gets its first answer. Any other command whose claim names a stream that is not
   * the person's now was about someone erased since: its first answer would lead from the IIN to their
   * pseudonym and history, which the erasure must leave no way to do (Law 94-V Art. 18), and running
   * it again would bring it back to life in the new history. An import only counts such a row as
   * already imported, and names no one. Returns how many it answered.
   */
  private async answerFromClaims(
    items: readonly SubjectCommandItem[],
    link: string,
    linked: string | undefined,
    outcomes: (SeriesOutcome<SubjectCommandResult> | undefined)[],
  ): Promise<number> {
    let answered = 0;
    for (const [i, { command, meta, request = command.data, unclaimed }] of items.entries()) {
      if (unclaimed || outcomes[i] !== undefined) continue;
      try {
        const earlier = await this.executor.claimByKey({ meta, commandType: command.type, target: link, request });
        if (!earlier || idOf(earlier.stream) === linked) continue;
        if (earlier.events.length === 0) {
          // Claimed for someone, who was erased (on another instance) before its events followed the
          // claim: never carried out, and never to be now — about someone erased, as a later retry is.
          if (command.type === 'EraseSubject' || meta.imported) continue;
          if ((await this.keys.find(idOf(earlier.stream))) !== 'destroyed') continue;
          outcomes[i] = { refused: ERASED_SINCE };
          answered += 1;
          continue;
        }
        // Only an erasure destroys a person's key. A claim on a stream whose key stands is this same
        // person: another instance, sent the same command at once, claimed it under the pseudonym it
        // made up, and its link is not visible here yet. That is a replay, not someone erased.
        const erased = (await this.keys.find(idOf(earlier.stream))) === 'destroyed';
        outcomes[i] =
          !erased || command.type === 'EraseSubject' || meta.imported
            ? { ok: { ...earlier, subjectId: idOf(earlier.stream) } }
            : { refused: ERASED_SINCE };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[i] = { refused: error };
      }
      answered += 1;
    }
    return answered;
  }

  /**
   * A refusal writes nothing, so no claim stops it: a command from before an erasure, retried after
   * the person came back and refused by their new history (no such withdrawal, nothing to withdraw),
   * is answered from its claim as about no one, like one the new history would have accepted.
   */
  private async refusedButClaimed(
    items: readonly SubjectCommandItem[],
    link: string,
    linked: string,
    answered: SeriesOutcome<SubjectCommandResult>[],
  ): Promise<void> {
    const asked = answered.map((o, i) => ('refused' in o && !items[i].unclaimed ? undefined : o));
    if (!asked.includes(undefined)) return;
    await this.answerFromClaims(items, link, linked, asked);
    asked.forEach((o, i) => {
      if (o) answered[i] = o;
    });
  }

  private async run(
    subjectId: string,
    link: string | undefined,
    target: string,
    items: readonly SubjectCommandItem[],
    byIin = false,
    madeUp = false,
  ): Promise<SeriesOutcome<SubjectCommandResult>[]> {
    const outcomes = await this.executor.executeSeries(
      items.map(({ command, meta, request = command.data }) => ({
        meta,
        commandType: command.type,
        stream: subjectStream(subjectId),
        queueKey: target,
        target,
        request,
        occurredAt: command.data.occurredAt,
        model: SUBJECT_MODEL,
        owner: { subjectId, ...(link ? { link } : {}) },
        // A pseudonym made just now names a stream no one has written.
        fresh: link !== undefined || madeUp,
        decide: async (state: SubjectState, now: Instant) => {
          // Named by IIN yet erased: the link outlived a crash between the erasure and the key's destruction.
          if (byIin && state.erased) throw new ErasedButLinked();
          const policies = await this.policies.book(policiesNeeded(command, state), meta.imported?.dryRun);
          const asked = await this.withLoanIdSealed(command, state, subjectId);
          try {
            return subjectDecider.decide(asked, state, {
              now,
              time: timeRulesFor(this.config.time, meta.imported),
              catalogue: this.catalogue,
              policies,
              retention: this.config.retention,
            });
          } catch (error) {
            throw inTheSendersWords(error, asked, command);
          }
        },
      })),
    );
    return outcomes.map((o) => ('ok' in o ? { ok: { ...o.ok, subjectId } } : o));
  }

  /**
   * A loan command as the domain must see it: its contract number sealed under the person's key, as
   * their stream keeps loan ids (libs/personal-data loan-ids), so that a fulfilment meets its signing
   * and nothing in the log names the contract once the key is destroyed. A loan recorded before ids
   * were sealed keeps its id in clear, and is still met by it; a person new to the ledger has no key
   * yet, and their loan ids are sealed when they are linked (CommandExecutor.seal).
   */
  private async withLoanIdSealed(
    command: SubjectCommand,
    state: SubjectState,
    subjectId: string,
  ): Promise<SubjectCommand> {
    if (command.type !== 'RecordLoanContractSigned' && command.type !== 'RecordLoanObligationsFulfilled')
      return command;
    const { loanId } = command.data;
    if (state.loans.some((loan) => loan.loanId === loanId)) return command;
    const key = await this.keys.find(subjectId);
    if (!key || key === 'destroyed') return command;
    return { ...command, data: { ...command.data, loanId: sealLoanId(loanId, key, subjectStream(subjectId)) } };
  }

  /** The contract numbers of these loan ids, as the lending core sent them (ids kept in clear stay as they are). */
  async openLoanIds(subjectId: string, loanIds: readonly string[]): Promise<string[]> {
    if (!loanIds.some(isSealedLoanId)) return [...loanIds];
    const key = await this.keys.find(subjectId);
    return loanIds.map((id) =>
      isSealedLoanId(id) && key && key !== 'destroyed' ? (openLoanId(id, key, subjectStream(subjectId)) ?? id) : id,
    );
  }
}

/**
 * A refusal of a loan command as its sender wrote it: the domain names the loan by the id it was
 * asked about, which for a known person is the contract number sealed under their key, and the
 * lending core (or an import's report) was told `no loan loan~… is recorded` of a number it never sent.
 */
function inTheSendersWords(error: unknown, asked: SubjectCommand, sent: SubjectCommand): unknown {
  if (!(error instanceof DomainError) || asked === sent || !('loanId' in asked.data) || !('loanId' in sent.data)) {
    return error;
  }
  const [sealed, clear] = [asked.data.loanId, sent.data.loanId];
  const words = (text: string) => text.split(sealed).join(clear);
  return new DomainError(
    error.kind,
    error.code,
    words(error.message),
    error.details.map((detail) => ({ ...detail, message: words(detail.message) })),
  );
}

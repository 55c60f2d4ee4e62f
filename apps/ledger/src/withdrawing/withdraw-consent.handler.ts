import { toEvidence } from '../http/shared-dtos';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConsentWithdrawn, scopeTaken, WithdrawalRefused } from '@ledger/consent-domain';
import { CommandMeta } from '../ledger/command-executor';
import { PreparedSubjectCommand, SubjectLedger } from '../ledger/subject-ledger';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ProblemException } from '../http/problems';
import { WithdrawConsentDto } from './withdraw-consent.dto';
import { RequestCommand } from '../http/routes';

export type WithdrawalAnswer = CommandResponseDto & {
  outcome: 'withdrawn' | 'partially-withdrawn';
  withdrawalId: string;
  withdrawn: ConsentWithdrawn['data']['scope'];
  /** Transfers for purposes a law requires, taken back while the lender's own processing of them is refused. */
  transfersWithdrawn?: ConsentWithdrawn['data']['scope'];
  refused?: {
    scope: WithdrawalRefused['data']['scope'];
    reason: WithdrawalRefused['data']['reason'];
    openLoans: readonly string[];
  };
};

export class WithdrawConsentCommand extends RequestCommand<WithdrawConsentDto, WithdrawalAnswer> {}

/** A scope naming only permissions it keeps (false): nothing to withdraw, though it would read as {}. */
function namesOnlyKept(scope: WithdrawConsentDto['scope']): boolean {
  const names = scope.purposes ?? scope.recipients ?? scope.dataCategories;
  return (
    names === undefined &&
    !scope.crossBorderTransfer &&
    !scope.publication &&
    (scope.crossBorderTransfer === false || scope.publication === false)
  );
}

/**
 * The withdrawal as the domain is asked it, from a validated request (the HTTP command's and the
 * import's). A withdrawal the law forbids is refused and the refusal is recorded: the person asked,
 * and the ledger must show it answered. A request partly allowed is carried out for that part.
 */
export function prepareWithdrawal(
  subjects: SubjectLedger,
  dto: WithdrawConsentDto,
  meta: CommandMeta,
): PreparedSubjectCommand<WithdrawalAnswer> {
  const withdrawalId = subjects.entityId('withdrawal', meta);
  const scope = dto.scope;
  const named = {
    ...(scope.purposes ? { purposes: scope.purposes } : {}),
    ...(scope.recipients ? { recipients: scope.recipients } : {}),
    ...(scope.dataCategories ? { dataCategories: scope.dataCategories } : {}),
    ...(scope.crossBorderTransfer ? { crossBorderTransfer: true } : {}),
    ...(scope.publication ? { publication: true } : {}),
  };
  const data = {
    withdrawalId,
    ...(dto.consentId ? { consentId: dto.consentId } : {}),
    scope: named,
    channel: dto.channel,
    evidence: toEvidence(dto.evidence),
    occurredAt: dto.occurredAt,
  };
  const kept = namesOnlyKept(scope);
  return {
    subject: { iin: dto.iin },
    command: {
      type: 'WithdrawConsent',
      data: {
        ...data,
        // Flags kept (false) and nothing else named: passed on so that the decider refuses the scope
        // instead of reading it as {} (everything). Elsewhere a false flag says nothing, as before.
        ...(kept
          ? { scope: { ...named, crossBorderTransfer: scope.crossBorderTransfer, publication: scope.publication } }
          : {}),
      },
    },
    // Compared on retry without the kept flags, as before they were passed on: such a withdrawal recorded
    // earlier (as {}) is still answered with its first answer, over HTTP and in an import, not as a reused key.
    ...(kept ? { request: data } : {}),
    answer: (result) => {
      const [written, transfers] = result.events.filter((e) => e.type === 'ConsentWithdrawn');
      const refusal = result.events.find((e) => e.type === 'WithdrawalRefused');
      const refused = refusal?.data as WithdrawalRefused['data'] | undefined;
      const base = commandResponse(result);
      if (!written && refused) {
        throw new ProblemException('withdrawal-refused', refused.reason.message, {
          ...base,
          withdrawalId,
          eventId: refusal!.id,
          reason: refused.reason,
          refusedScope: refused.scope,
          openLoans: refused.openLoans,
        });
      }
      return {
        ...base,
        outcome: refused ? 'partially-withdrawn' : 'withdrawn',
        withdrawalId,
        // What was taken: the recorded scope may name purposes the person never consented to.
        withdrawn: scopeTaken(written!.data as ConsentWithdrawn['data']),
        ...(transfers ? { transfersWithdrawn: scopeTaken(transfers.data as ConsentWithdrawn['data']) } : {}),
        ...(refused ? { refused: { scope: refused.scope, reason: refused.reason, openLoans: refused.openLoans } } : {}),
      };
    },
  };
}

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: WithdrawConsentCommand): Promise<WithdrawalAnswer> {
    const prepared = prepareWithdrawal(this.subjects, dto, meta);
    const result = await this.subjects.execute(prepared.subject, prepared.command, meta, prepared.request);
    // The loans that hold a refusal are kept sealed with the person's key; the lending core, which
    // sent their contract numbers, is answered with them.
    const events = await Promise.all(
      result.events.map(async (e) => {
        if (e.type !== 'WithdrawalRefused') return e;
        const data = e.data as WithdrawalRefused['data'];
        return {
          ...e,
          data: { ...data, openLoans: await this.subjects.openLoanIds(result.subjectId, data.openLoans) },
        };
      }),
    );
    return prepared.answer({ ...result, events });
  }
}

import { toEvidence } from '../http/shared-dtos';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta } from '../ledger/command-executor';
import { PreparedSubjectCommand, SubjectLedger } from '../ledger/subject-ledger';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { GrantConsentDto } from './grant-consent.dto';
import { RequestCommand } from '../http/routes';

export type GrantConsentAnswer = CommandResponseDto & { consentId: string };

export class GrantConsentCommand extends RequestCommand<GrantConsentDto, GrantConsentAnswer> {}

/** The grant as the domain is asked it, from a validated request (the HTTP command's and the import's). */
export function prepareGrant(
  subjects: SubjectLedger,
  dto: GrantConsentDto,
  meta: CommandMeta,
): PreparedSubjectCommand<GrantConsentAnswer> {
  const consentId = subjects.entityId('consent', meta);
  const identifiers = {
    iin: dto.iin,
    ...(dto.subject?.fullName ? { fullName: dto.subject.fullName.trim() } : {}),
    ...(dto.subject?.phone ? { phone: dto.subject.phone } : {}),
    ...(dto.subject?.email ? { email: dto.subject.email } : {}),
  };
  // The identifiers travel in the command as given; the command road seals them with the person's
  // key before anything is stored (ConsentGranted's personal fields).
  return {
    subject: { iin: dto.iin },
    command: {
      type: 'GrantConsent',
      data: {
        consentId,
        purposes: dto.purposes,
        dataCategories: dto.dataCategories,
        recipients: dto.recipients,
        crossBorderTransferAllowed: dto.crossBorderTransferAllowed,
        publicationAllowed: dto.publicationAllowed,
        notifyOnDisclosure: dto.notifyOnDisclosure ?? false,
        term:
          dto.term.kind === 'until'
            ? { kind: 'until' as const, until: dto.term.until! }
            : { kind: 'until-purposes-achieved' as const },
        policyShown: { policyId: dto.policyShown.policyId, version: dto.policyShown.version },
        language: dto.language,
        collectionMethod: dto.collectionMethod,
        evidence: toEvidence(dto.evidence),
        identifiers,
        occurredAt: dto.occurredAt,
      },
    },
    answer: (result) => ({ ...commandResponse(result), consentId }),
  };
}

@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: GrantConsentCommand): Promise<GrantConsentAnswer> {
    const prepared = prepareGrant(this.subjects, dto, meta);
    return prepared.answer(await this.subjects.execute(prepared.subject, prepared.command, meta));
  }
}

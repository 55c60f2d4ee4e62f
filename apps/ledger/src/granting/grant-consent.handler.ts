import { toEvidence } from '../http/shared-dtos';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { GrantConsentDto } from './grant-consent.dto';

export type GrantConsentAnswer = CommandResponseDto & { consentId: string };

export class GrantConsentCommand extends Command<GrantConsentAnswer> {
  constructor(
    readonly dto: GrantConsentDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: GrantConsentCommand): Promise<GrantConsentAnswer> {
    const consentId = this.subjects.entityId('consent', meta);
    const identifiers = {
      iin: dto.iin,
      ...(dto.subject?.fullName ? { fullName: dto.subject.fullName.trim() } : {}),
      ...(dto.subject?.phone ? { phone: dto.subject.phone } : {}),
      ...(dto.subject?.email ? { email: dto.subject.email } : {}),
    };
    // The identifiers travel in the command as given; the command road seals them with the person's
    // key before anything is stored (ConsentGranted's personal fields).
    const result = await this.subjects.execute(
      { iin: dto.iin },
      {
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
      meta,
    );
    return { ...commandResponse(result), consentId };
  }
}

import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { entityIdFor } from '@ledger/ledger-log';
import { CommandMeta, CommandResult } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { GrantConsentDto } from './grant-consent.dto';

export type GrantConsentAnswer = { body: CommandResponseDto & { consentId: string }; result: CommandResult };

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
    const consentId = entityIdFor('consent', meta.commandId);
    const result = await this.subjects.execute(
      dto.iin,
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
            dto.term.kind === 'until' ? { kind: 'until', until: dto.term.until! } : { kind: 'until-purposes-achieved' },
          policyShown: { policyId: dto.policyShown.policyId, version: dto.policyShown.version },
          language: dto.language,
          collectionMethod: dto.collectionMethod,
          evidence: dto.evidence.map((e) => ({
            kind: e.kind,
            reference: e.reference,
            ...(e.sha256 ? { sha256: e.sha256 } : {}),
          })),
          occurredAt: dto.occurredAt,
        },
      },
      meta,
    );
    return { body: { ...commandResponse(result), consentId }, result };
  }
}

import { toEvidence } from '../http/shared-dtos';
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
    const subjectId = this.subjects.subjectIdOf(dto.iin);
    const identifiers = {
      iin: dto.iin,
      ...(dto.subject?.fullName ? { fullName: dto.subject.fullName.trim() } : {}),
      ...(dto.subject?.phone ? { phone: dto.subject.phone } : {}),
      ...(dto.subject?.email ? { email: dto.subject.email } : {}),
    };
    const data = {
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
      occurredAt: dto.occurredAt,
    };
    // The domain passes identifiers on unread, so it decides on a placeholder; the sealed value is put
    // in only once the grant is accepted. A retry is recognised by what was asked, not by ciphertext.
    const pending = { $sealed: 'pending' };
    const result = await this.subjects.execute(
      { subjectId },
      { type: 'GrantConsent', data: { ...data, identifiers: pending } },
      meta,
      { ...data, identifiers },
      async (decided, id) => {
        const sealed = await this.subjects.sealIdentifiers(id, identifiers);
        return decided.map((event) =>
          event.type === 'ConsentGranted' && event.data.identifiers === pending
            ? { ...event, data: { ...event.data, identifiers: sealed } }
            : event,
        );
      },
    );
    return { body: { ...commandResponse(result), consentId }, result };
  }
}

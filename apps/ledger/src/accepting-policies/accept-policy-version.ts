import { OptionalField } from '../http/validation';
import { Body, Controller } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { COLLECTION_METHODS, CollectionMethod } from '@ledger/consent-domain';
import { CommandMeta } from '../ledger/command-executor';
import { PreparedSubjectCommand, SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import {
  EvidenceDto,
  PolicyRefDto,
  SubjectCommandDto,
  toEvidence,
  EvidenceList,
  NestedObject,
} from '../http/shared-dtos';
import { RecordingRoute, RequestCommand } from '../http/routes';

export class AcceptPolicyVersionDto extends SubjectCommandDto {
  @ApiProperty({ type: PolicyRefDto })
  @NestedObject(() => PolicyRefDto)
  policy!: PolicyRefDto;

  @ApiProperty({ enum: COLLECTION_METHODS })
  @IsIn(COLLECTION_METHODS)
  method!: CollectionMethod;

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @OptionalField()
  @EvidenceList()
  evidence?: EvidenceDto[];
}

type Answer = CommandResponseDto;

export class AcceptPolicyVersionCommand extends RequestCommand<AcceptPolicyVersionDto, Answer> {}

/** The acceptance as the domain is asked it (the HTTP command's and the import's). */
export function prepareAcceptance(dto: AcceptPolicyVersionDto): PreparedSubjectCommand<Answer> {
  return {
    subject: { iin: dto.iin },
    command: {
      type: 'AcceptPolicyVersion',
      data: {
        policyId: dto.policy.policyId,
        version: dto.policy.version,
        method: dto.method,
        evidence: toEvidence(dto.evidence),
        occurredAt: dto.occurredAt,
      },
    },
    answer: commandResponse,
  };
}

@CommandHandler(AcceptPolicyVersionCommand)
export class AcceptPolicyVersionHandler implements ICommandHandler<AcceptPolicyVersionCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: AcceptPolicyVersionCommand): Promise<Answer> {
    const prepared = prepareAcceptance(dto);
    return prepared.answer(await this.subjects.execute(prepared.subject, prepared.command, meta));
  }
}

@ApiTags('commands')
@Controller('v1/policy-acceptances')
export class AcceptingPoliciesController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'lending-core',
    operation: {
      summary: 'Record that a person accepted a policy version',
      description: 'Lifts the suspension a material change puts on their consents.',
    },
    problems: [400, 404, 409, 422],
  })
  async accept(@Body() dto: AcceptPolicyVersionDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new AcceptPolicyVersionCommand(dto, meta));
  }
}

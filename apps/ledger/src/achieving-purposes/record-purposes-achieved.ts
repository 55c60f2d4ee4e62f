import { Body, Controller } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CommandMeta } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { SubjectCommandDto, CodeList } from '../http/shared-dtos';
import { LedgerUuidField, OptionalField } from '../http/validation';
import { RecordingRoute, RequestCommand } from '../http/routes';

export class PurposesAchievedDto extends SubjectCommandDto {
  @ApiProperty()
  @LedgerUuidField()
  consentId!: string;

  @ApiPropertyOptional({ description: 'Absent: every purpose of the consent.' })
  @OptionalField()
  @CodeList('purpose', { nonEmpty: true })
  purposes?: string[];
}

type Answer = CommandResponseDto;

export class RecordPurposesAchievedCommand extends RequestCommand<PurposesAchievedDto, Answer> {}

@CommandHandler(RecordPurposesAchievedCommand)
export class RecordPurposesAchievedHandler implements ICommandHandler<RecordPurposesAchievedCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: RecordPurposesAchievedCommand): Promise<Answer> {
    const result = await this.subjects.execute(
      { iin: dto.iin },
      {
        type: 'RecordPurposesAchieved',
        data: {
          consentId: dto.consentId,
          ...(dto.purposes ? { purposes: dto.purposes } : {}),
          occurredAt: dto.occurredAt,
        },
      },
      meta,
    );
    return commandResponse(result);
  }
}

@ApiTags('commands')
@Controller('v1/purposes-achieved')
export class AchievingPurposesController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'lending-core',
    operation: {
      summary: 'Record that the purposes of a consent were achieved',
      description: 'Ends a consent given "until the purposes are achieved" (Law 94-V Art. 8(6)), for those purposes.',
    },
    problems: [400, 404, 409, 422],
  })
  async achieved(@Body() dto: PurposesAchievedDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new RecordPurposesAchievedCommand(dto, meta));
  }
}

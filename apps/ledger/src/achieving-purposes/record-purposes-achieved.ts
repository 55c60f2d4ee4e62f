import { Allow } from '../auth/roles';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches } from 'class-validator';
import { CommandMeta } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ApiProblems } from '../http/openapi';
import { SubjectCommandDto } from '../http/shared-dtos';
import { CODE_PATTERN, OptionalField } from '../http/validation';

export class PurposesAchievedDto extends SubjectCommandDto {
  @ApiProperty()
  @IsUUID()
  consentId!: string;

  @ApiPropertyOptional({ description: 'Absent: every purpose of the consent.' })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @Matches(CODE_PATTERN, { each: true, message: 'each purpose must be a catalogue code' })
  purposes?: string[];
}

type Answer = CommandResponseDto;

export class RecordPurposesAchievedCommand extends Command<Answer> {
  constructor(
    readonly dto: PurposesAchievedDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

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

  @Allow('lending-core')
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record that the purposes of a consent were achieved',
    description: 'Ends a consent given "until the purposes are achieved" (Law 94-V Art. 8(6)), for those purposes.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiProblems(400, 404, 409, 422)
  async achieved(@Body() dto: PurposesAchievedDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new RecordPurposesAchievedCommand(dto, meta));
  }
}

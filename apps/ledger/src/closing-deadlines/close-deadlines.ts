import { OptionalField } from '../http/validation';
import { Allow } from '../auth/roles';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { NOTICE_CHANNELS, NoticeChannel, SubjectCommand } from '@ledger/consent-domain';
import { CommandMeta } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ApiProblems } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { SubjectCommandDto } from '../http/shared-dtos';

export class ProcessingStoppedDto extends SubjectCommandDto {
  @ApiPropertyOptional({ description: 'Who stopped and how, for the record.' })
  @OptionalField()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class SubjectNotifiedDto extends SubjectCommandDto {
  @ApiProperty({ enum: NOTICE_CHANNELS })
  @IsIn(NOTICE_CHANNELS)
  channel!: NoticeChannel;

  @ApiPropertyOptional({ description: 'The lending core’s reference for the notice sent.' })
  @OptionalField()
  @IsString()
  @Length(1, 128)
  reference?: string;
}

type Answer = CommandResponseDto;

export class CloseDeadlineCommand extends Command<Answer> {
  constructor(
    readonly iin: string,
    readonly command: SubjectCommand,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

@CommandHandler(CloseDeadlineCommand)
export class CloseDeadlineHandler implements ICommandHandler<CloseDeadlineCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ iin, command, meta }: CloseDeadlineCommand): Promise<Answer> {
    const result = await this.subjects.execute({ iin }, command, meta);
    return commandResponse(result);
  }
}

/** The two deadlines the ledger tracks are closed by recording that what the law asks was done. */
@ApiTags('commands')
@Controller('v1')
export class ClosingDeadlinesController {
  constructor(private readonly commands: CommandBus) {}

  @Allow('lending-core')
  @Post('withdrawals/:withdrawalId/processing-stopped')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record that processing stopped after a withdrawal',
    description: 'Closes the 15-working-day deadline of Law 94-V Art. 8(7).',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiProblems(400, 404, 409, 422)
  async stopped(
    @Param('withdrawalId') withdrawalId: string,
    @Body() dto: ProcessingStoppedDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const command: SubjectCommand = {
      type: 'RecordProcessingStopped',
      data: {
        withdrawalId: uuid(withdrawalId, 'withdrawalId'),
        ...(dto.note ? { note: dto.note } : {}),
        occurredAt: dto.occurredAt,
      },
    };
    return this.run(dto.iin, command, meta);
  }

  @Allow('lending-core')
  @Post('disclosures/:disclosureId/subject-notified')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record that the person was told of a disclosure their consent asked notice of',
    description: 'Closes the 10-working-day notice deadline of Law 94-V Art. 19.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiProblems(400, 404, 409, 422)
  async notified(
    @Param('disclosureId') disclosureId: string,
    @Body() dto: SubjectNotifiedDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const command: SubjectCommand = {
      type: 'RecordSubjectNotified',
      data: {
        disclosureId: uuid(disclosureId, 'disclosureId'),
        channel: dto.channel,
        ...(dto.reference ? { reference: dto.reference } : {}),
        occurredAt: dto.occurredAt,
      },
    };
    return this.run(dto.iin, command, meta);
  }

  private async run(iin: string, command: SubjectCommand, meta: CommandMeta) {
    return this.commands.execute(new CloseDeadlineCommand(iin, command, meta));
  }
}

function uuid(value: string, field: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) {
    throw new ProblemException('invalid-request', `${field} must be the UUID the ledger gave`, {}, [
      { field, code: 'isUuid', message: 'must be a UUID' },
    ]);
  }
  return value;
}

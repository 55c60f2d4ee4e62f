import { ledgerUuid, OptionalField } from '../http/validation';
import { Body, Controller, Injectable, Param } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { NOTICE_CHANNELS, NoticeChannel, SubjectCommand } from '@ledger/consent-domain';
import { CommandExecutor, CommandMeta } from '../ledger/command-executor';
import { SUBJECT_MODEL, SubjectLedger } from '../ledger/subject-ledger';
import { notificationIdOf } from '../notifications/notifications';
import { subjectStream } from '@ledger/ledger-log';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ProblemException } from '../http/problems';
import { SubjectCommandDto } from '../http/shared-dtos';
import { RecordingRoute } from '../http/routes';

export class ProcessingStoppedDto extends SubjectCommandDto {
  @ApiPropertyOptional({
    description:
      'The webhook-id (or feed id) of the consent.withdrawn notification this answers; the ledger links it itself when absent.',
  })
  @OptionalField()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'must be a notification id' })
  notificationId?: string;

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

/**
 * Which notification a stop answers: the consent.withdrawn of that withdrawal, found in the
 * person's stream. A caller quoting another notification is refused; one quoting none is linked.
 */
@Injectable()
export class NotificationLinks {
  constructor(
    private readonly subjects: SubjectLedger,
    private readonly executor: CommandExecutor,
  ) {}

  async notificationOf(iin: string, withdrawalId: string, quoted: string | undefined): Promise<string | undefined> {
    const subjectId = await this.subjects.lookup(iin);
    if (!subjectId) return quoted;
    const state = await this.executor.current(subjectStream(subjectId), SUBJECT_MODEL);
    // A withdrawal reaching a purpose a law requires is recorded twice (the rest, and that purpose's
    // transfers) and told once, as its first event; a stop quoting the second's id, as sent before, is taken too.
    const asked = state.withdrawals
      .filter((w) => w.withdrawalId === withdrawalId)
      .map((w) => notificationIdOf(w.eventId));
    // No such withdrawal: the domain answers that (unknown-withdrawal).
    if (asked.length === 0) return quoted;
    if (quoted !== undefined && !asked.includes(quoted)) {
      throw new ProblemException('notification-mismatch', `the withdrawal was notified as ${asked[0]}`, {}, [
        { field: 'notificationId', code: 'notification-mismatch', message: 'not the notification of this withdrawal' },
      ]);
    }
    return quoted ?? asked[0];
  }
}

type Answer = CommandResponseDto;

export class CloseDeadlineCommand extends Command<Answer> {
  constructor(
    readonly iin: string,
    readonly command: SubjectCommand,
    readonly meta: CommandMeta,
    /** What a retry is compared on: the request as sent, before the ledger linked anything to it. */
    readonly request: unknown = command.data,
  ) {
    super();
  }
}

@CommandHandler(CloseDeadlineCommand)
export class CloseDeadlineHandler implements ICommandHandler<CloseDeadlineCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ iin, command, meta, request }: CloseDeadlineCommand): Promise<Answer> {
    const result = await this.subjects.execute({ iin }, command, meta, request);
    return commandResponse(result);
  }
}

/** The two deadlines the ledger tracks are closed by recording that what the law asks was done. */
@ApiTags('commands')
@Controller('v1')
export class ClosingDeadlinesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly links: NotificationLinks,
  ) {}

  @RecordingRoute({
    by: 'lending-core',
    path: 'withdrawals/:withdrawalId/processing-stopped',
    operation: {
      summary: 'Record that processing stopped after a withdrawal',
      description: 'Closes the 15-working-day deadline of Law 94-V Art. 8(7).',
    },
    problems: [400, 404, 409, 422],
  })
  async stopped(
    @Param('withdrawalId') withdrawalId: string,
    @Body() dto: ProcessingStoppedDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const id = ledgerUuid(withdrawalId, 'withdrawalId');
    const sent = {
      withdrawalId: id,
      ...(dto.notificationId ? { notificationId: dto.notificationId } : {}),
      ...(dto.note ? { note: dto.note } : {}),
      occurredAt: dto.occurredAt,
    };
    // The link is found in the person's stream, which an erasure puts out of reach: a retry must be
    // known by what was sent, or it would look like another request (409) instead of one about no one.
    const notificationId = await this.links.notificationOf(dto.iin, id, dto.notificationId);
    const command: SubjectCommand = {
      type: 'RecordProcessingStopped',
      data: { ...sent, ...(notificationId ? { notificationId } : {}) },
    };
    return this.commands.execute(new CloseDeadlineCommand(dto.iin, command, meta, sent));
  }

  @RecordingRoute({
    by: 'lending-core',
    path: 'disclosures/:disclosureId/subject-notified',
    operation: {
      summary: 'Record that the person was told of a disclosure their consent asked notice of',
      description: 'Closes the 10-working-day notice deadline of Law 94-V Art. 19.',
    },
    problems: [400, 404, 409, 422],
  })
  async notified(
    @Param('disclosureId') disclosureId: string,
    @Body() dto: SubjectNotifiedDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const command: SubjectCommand = {
      type: 'RecordSubjectNotified',
      data: {
        disclosureId: ledgerUuid(disclosureId, 'disclosureId'),
        channel: dto.channel,
        ...(dto.reference ? { reference: dto.reference } : {}),
        occurredAt: dto.occurredAt,
      },
    };
    return this.commands.execute(new CloseDeadlineCommand(dto.iin, command, meta));
  }
}

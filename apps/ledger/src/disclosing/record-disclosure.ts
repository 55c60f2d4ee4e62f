import { ApiRecordedRefusal } from '../http/openapi';
import { Body, Controller } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { DisclosureRecorded, DisclosureRefused } from '@ledger/consent-domain';
import { CommandMeta } from '../ledger/command-executor';
import { SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ProblemException } from '../http/problems';
import { SubjectCommandDto, CodeList } from '../http/shared-dtos';
import { CODE_PATTERN, OptionalField } from '../http/validation';
import { DisclosureRefusedProblemDto, DisclosureResponseDto } from './disclosing.answers';
import { RecordingRoute, RequestCommand } from '../http/routes';

export class RecordDisclosureDto extends SubjectCommandDto {
  @ApiProperty({ example: 'first-credit-bureau' })
  @Matches(CODE_PATTERN, { message: 'recipient must be a catalogue code' })
  recipient!: string;

  @ApiProperty({ example: 'credit-and-pension-checks' })
  @Matches(CODE_PATTERN, { message: 'purpose must be a catalogue code' })
  purpose!: string;

  @ApiProperty({ example: ['iin', 'full-name'] })
  @CodeList('data category', { nonEmpty: true })
  dataCategories!: string[];

  @ApiPropertyOptional({
    example: 'microcredit-reporting',
    description:
      'A legal basis other than consent, from the catalogue (e.g. mandatory microcredit reporting to the State Credit Bureau).',
  })
  @OptionalField()
  @Matches(CODE_PATTERN, { message: 'legalBasis must be a catalogue code' })
  legalBasis?: string;

  @ApiPropertyOptional({ description: 'The lending core’s own reference for the transfer (request id, batch id).' })
  @OptionalField()
  @IsString()
  @Length(1, 128)
  reference?: string;
}

export type DisclosureAnswer = CommandResponseDto & {
  outcome: 'recorded';
  disclosureId: string;
  basis: DisclosureRecorded['data']['basis'];
  crossBorder: boolean;
  subjectToBeNotified: boolean;
};

export class RecordDisclosureCommand extends RequestCommand<RecordDisclosureDto, DisclosureAnswer> {}

/**
 * A disclosure is recorded only when a consent valid at that moment covers it, or a legal basis
 * the catalogue allows does; otherwise the attempt is refused and the refusal recorded.
 */
@CommandHandler(RecordDisclosureCommand)
export class RecordDisclosureHandler implements ICommandHandler<RecordDisclosureCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ dto, meta }: RecordDisclosureCommand): Promise<DisclosureAnswer> {
    const disclosureId = this.subjects.entityId('disclosure', meta);
    const result = await this.subjects.execute(
      { iin: dto.iin },
      {
        type: 'RecordDisclosure',
        data: {
          disclosureId,
          recipient: dto.recipient,
          purpose: dto.purpose,
          dataCategories: dto.dataCategories,
          ...(dto.legalBasis ? { legalBasis: dto.legalBasis } : {}),
          ...(dto.reference ? { reference: dto.reference } : {}),
          occurredAt: dto.occurredAt,
        },
      },
      meta,
    );
    const [event] = result.events;
    const base = commandResponse(result);
    if (event.type === 'DisclosureRefused') {
      const refused = event.data as DisclosureRefused['data'];
      throw new ProblemException('disclosure-refused', refused.reasons.map((r) => r.message).join('; '), {
        ...base,
        disclosureId,
        eventId: event.id,
        crossBorder: refused.crossBorder,
        reasons: refused.reasons,
      });
    }
    const recorded = event.data as DisclosureRecorded['data'];
    return {
      ...base,
      outcome: 'recorded',
      disclosureId,
      basis: recorded.basis,
      crossBorder: recorded.crossBorder,
      subjectToBeNotified: recorded.subjectToBeNotified,
    };
  }
}

@ApiTags('commands')
@Controller('v1/disclosures')
export class DisclosingController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'lending-core',
    operation: {
      summary: 'Record a disclosure of personal data to a recipient (credit bureau, pension centre, …)',
      description:
        'Recorded when a consent valid at occurredAt covers the purpose, the recipient, every data category and cross-border transfer where the recipient is abroad, or when legalBasis is one the catalogue allows for the recipient. Otherwise 422, and the refused attempt is recorded.',
    },
    created: { type: DisclosureResponseDto, description: 'Recorded, with the basis it rests on.' },
    problems: [400, 409],
  })
  @ApiRecordedRefusal(
    DisclosureRefusedProblemDto,
    'Refused (problem+json): disclosure-refused with the refused attempt recorded and its reasons, or another rule (occurred-too-long-ago, subject-erased, …)',
  )
  async disclose(@Body() dto: RecordDisclosureDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new RecordDisclosureCommand(dto, meta));
  }
}

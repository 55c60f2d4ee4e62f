import { KEY_RULE, KEY_SCHEMA } from '../http/openapi';
import { Body, Controller } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandMeta } from '../ledger/command-executor';
import { PreparedSubjectCommand, SubjectLedger } from '../ledger/subject-ledger';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { SubjectCommandDto } from '../http/shared-dtos';
import { KEY_PATTERN } from '../http/validation';
import { RecordingRoute } from '../http/routes';

export class LoanEventDto extends SubjectCommandDto {
  @ApiProperty({ example: 'MC-2025-000123', description: 'The lending core’s contract number.', ...KEY_SCHEMA })
  @Matches(KEY_PATTERN, { message: `loanId must be ${KEY_RULE}` })
  loanId!: string;
}

type Answer = CommandResponseDto;

export class RecordLoanEventCommand extends Command<Answer> {
  constructor(
    readonly kind: 'signed' | 'fulfilled',
    readonly dto: LoanEventDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

/** Loans matter to the ledger only because they decide which withdrawals the law allows. */
export function prepareLoanEvent(kind: 'signed' | 'fulfilled', dto: LoanEventDto): PreparedSubjectCommand<Answer> {
  const data = { loanId: dto.loanId, occurredAt: dto.occurredAt };
  return {
    subject: { iin: dto.iin },
    command:
      kind === 'signed' ? { type: 'RecordLoanContractSigned', data } : { type: 'RecordLoanObligationsFulfilled', data },
    answer: commandResponse,
  };
}

@CommandHandler(RecordLoanEventCommand)
export class RecordLoanEventHandler implements ICommandHandler<RecordLoanEventCommand> {
  constructor(private readonly subjects: SubjectLedger) {}

  async execute({ kind, dto, meta }: RecordLoanEventCommand): Promise<Answer> {
    const prepared = prepareLoanEvent(kind, dto);
    return prepared.answer(await this.subjects.execute(prepared.subject, prepared.command, meta));
  }
}

@ApiTags('commands')
@Controller('v1/loans')
export class LoansController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'lending-core',
    path: 'signed',
    operation: {
      summary: 'Record that a loan contract was signed',
      description: 'Its obligations count as unfulfilled until recorded otherwise.',
    },
    problems: [400, 409, 422],
  })
  signed(@Body() dto: LoanEventDto, @CommandContext() meta: CommandMeta) {
    return this.run('signed', dto, meta);
  }

  @RecordingRoute({
    by: 'lending-core',
    path: 'fulfilled',
    operation: { summary: 'Record that all obligations under a loan were fulfilled' },
    problems: [400, 404, 409, 422],
  })
  fulfilled(@Body() dto: LoanEventDto, @CommandContext() meta: CommandMeta) {
    return this.run('fulfilled', dto, meta);
  }

  private async run(kind: 'signed' | 'fulfilled', dto: LoanEventDto, meta: CommandMeta) {
    return this.commands.execute(new RecordLoanEventCommand(kind, dto, meta));
  }
}

import { Allow } from '../auth/roles';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMeta } from '../ledger/command-executor';
import { CommandContext } from '../http/command-meta';
import { ApiProblems, ApiIdempotencyKey, ApiRecordedRefusal } from '../http/openapi';
import { WithdrawConsentDto } from './withdraw-consent.dto';
import { WithdrawConsentCommand } from './withdraw-consent.handler';
import { WithdrawalRefusedProblemDto, WithdrawalResponseDto } from './withdrawing.answers';

@ApiTags('commands')
@Controller('v1/withdrawals')
export class WithdrawingController {
  constructor(private readonly commands: CommandBus) {}

  @Allow('lending-core')
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a person’s withdrawal of consent, whole or in part',
    description:
      'While a loan is open, purposes the catalogue marks as loan-bound cannot be withdrawn (Law 94-V Art. 8(2)): that part is refused and the refusal recorded (422 when nothing could be withdrawn).',
  })
  @ApiOkResponse({
    type: WithdrawalResponseDto,
    description: 'Withdrawn (outcome withdrawn), or withdrawn in part with the rest refused (partially-withdrawn).',
  })
  @ApiProblems(400, 404, 409)
  @ApiRecordedRefusal(
    WithdrawalRefusedProblemDto,
    'Refused (problem+json): withdrawal-refused with the refusal recorded and its reason, or another rule (withdrawal-before-grant, subject-erased, …)',
  )
  @ApiIdempotencyKey()
  async withdraw(@Body() dto: WithdrawConsentDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new WithdrawConsentCommand(dto, meta));
  }
}

import { Allow } from '../auth/roles';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMeta } from '../ledger/command-executor';
import { CommandContext } from '../http/command-meta';
import { ApiIdempotencyKey, ApiProblems } from '../http/openapi';
import { GrantConsentDto } from './grant-consent.dto';
import { GrantConsentCommand } from './grant-consent.handler';
import { GrantConsentResponseDto } from './granting.answers';

@ApiTags('commands')
@Controller('v1/consents')
export class GrantingController {
  constructor(private readonly commands: CommandBus) {}

  @Allow('lending-core')
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a consent given by a person',
    description: 'Also records acceptance of the policy version shown (policy §6.1).',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: GrantConsentResponseDto, description: 'The consent and the acceptance were recorded.' })
  @ApiProblems(400, 404, 409, 422)
  async grant(@Body() dto: GrantConsentDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new GrantConsentCommand(dto, meta));
  }
}

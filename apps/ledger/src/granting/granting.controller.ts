import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta } from '../ledger/command-executor';
import { CommandContext } from '../http/command-meta';
import { RecordingRoute } from '../http/routes';
import { GrantConsentDto } from './grant-consent.dto';
import { GrantConsentCommand } from './grant-consent.handler';
import { GrantConsentResponseDto } from './granting.answers';

@ApiTags('commands')
@Controller('v1/consents')
export class GrantingController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'lending-core',
    operation: {
      summary: 'Record a consent given by a person',
      description: 'Also records acceptance of the policy version shown (policy §6.1).',
    },
    created: { type: GrantConsentResponseDto, description: 'The consent and the acceptance were recorded.' },
    problems: [400, 404, 409, 422],
  })
  async grant(@Body() dto: GrantConsentDto, @CommandContext() meta: CommandMeta) {
    return this.commands.execute(new GrantConsentCommand(dto, meta));
  }
}

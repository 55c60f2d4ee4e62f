import { timeRulesFor } from '../ledger/import-scope';
import { Body, Controller, Param } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsString, IsUrl, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { Inject } from '@nestjs/common';
import { policyDecider } from '@ledger/consent-domain';
import { policyStream } from '@ledger/ledger-log';
import { POLICY_MODEL } from '../ledger/policy-reader';
import { LedgerConfig } from '../config/ledger-config';
import { CommandExecutor, CommandMeta } from '../ledger/command-executor';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { PublishedPolicyVersionDto } from './publishing.answers';
import { IsInstant, policyIdFromPath, VERSION_PATTERN, OptionalField } from '../http/validation';
import { RecordingRoute } from '../http/routes';
import { CommandIdField, NestedObject } from '../http/shared-dtos';

export class PolicyTextDto {
  @ApiProperty({ description: 'SHA-256 of the published text, 64 hex digits.' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;

  @ApiProperty({ example: 'https://acredit.kz/privacy/2025.1/kk' })
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'], require_tld: false })
  @Length(1, 2048)
  url!: string;
}

export class PolicyTextsDto {
  @ApiPropertyOptional({ type: PolicyTextDto, description: 'The text in Kazakh.' })
  @ValidateIf((texts: PolicyTextsDto) => texts.kk !== undefined || texts.ru === undefined)
  @NestedObject(() => PolicyTextDto)
  kk?: PolicyTextDto;

  @ApiPropertyOptional({ type: PolicyTextDto, description: 'The text in Russian.' })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyTextDto)
  ru?: PolicyTextDto;
}

export class PublishPolicyVersionDto {
  @CommandIdField()
  commandId?: string;

  @ApiProperty({ example: '2025.1' })
  @Matches(VERSION_PATTERN, { message: 'version must be letters, digits, . and _' })
  version!: string;

  @ApiProperty({ example: '2025-03-01T00:00:00+05:00' })
  @IsInstant()
  effectiveFrom!: string;

  @ApiProperty({ type: PolicyTextsDto, description: 'At least one of kk, ru.' })
  @NestedObject(() => PolicyTextsDto)
  texts!: PolicyTextsDto;

  @ApiProperty({ description: 'A material change: consents are suspended until the person accepts this version.' })
  @IsBoolean()
  materialChange!: boolean;

  @ApiPropertyOptional({ description: 'What changed, for people reading the history.' })
  @OptionalField()
  @IsString()
  @Length(1, 2000)
  summary?: string;

  @ApiProperty({ description: 'When the version was published on the site.' })
  @IsInstant()
  occurredAt!: string;
}

type Answer = CommandResponseDto & { policyId: string; version: string };

export class PublishPolicyVersionCommand extends Command<Answer> {
  constructor(
    readonly policyId: string,
    readonly dto: PublishPolicyVersionDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

@CommandHandler(PublishPolicyVersionCommand)
export class PublishPolicyVersionHandler implements ICommandHandler<PublishPolicyVersionCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ policyId, dto, meta }: PublishPolicyVersionCommand): Promise<Answer> {
    const command = {
      type: 'PublishPolicyVersion' as const,
      data: {
        policyId,
        version: dto.version,
        effectiveFrom: dto.effectiveFrom,
        texts: {
          ...(dto.texts.kk ? { kk: { sha256: dto.texts.kk.sha256, url: dto.texts.kk.url } } : {}),
          ...(dto.texts.ru ? { ru: { sha256: dto.texts.ru.sha256, url: dto.texts.ru.url } } : {}),
        },
        materialChange: dto.materialChange,
        ...(dto.summary ? { summary: dto.summary } : {}),
        occurredAt: dto.occurredAt,
      },
    };
    const stream = policyStream(policyId);
    const result = await this.executor.execute({
      meta,
      commandType: command.type,
      stream,
      target: stream,
      request: command.data,
      occurredAt: dto.occurredAt,
      model: POLICY_MODEL,
      decide: (state, now) =>
        policyDecider.decide(command, state, { now, time: timeRulesFor(this.config.time, meta.imported) }),
    });
    return { ...commandResponse(result), policyId, version: dto.version };
  }
}

@ApiTags('commands')
@Controller('v1/policies')
export class PublishingPoliciesController {
  constructor(private readonly commands: CommandBus) {}

  @RecordingRoute({
    by: 'compliance-admin',
    path: ':policyId/versions',
    operation: {
      summary: 'Publish a version of a privacy policy',
      description: 'Versions are immutable; a new one cannot take effect before the one in force.',
    },
    created: { type: PublishedPolicyVersionDto },
    problems: [400, 409, 422],
  })
  async publish(
    @Param('policyId') policyId: string,
    @Body() dto: PublishPolicyVersionDto,
    @CommandContext() meta: CommandMeta,
  ) {
    return this.commands.execute(new PublishPolicyVersionCommand(policyIdFromPath(policyId), dto, meta));
  }
}

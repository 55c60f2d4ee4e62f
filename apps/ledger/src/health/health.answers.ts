import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPEN_OBJECT } from '../http/answer-dtos';

export class LiveDto {
  @ApiProperty({ enum: ['up'] }) status!: 'up';
}

export class ProbeDto {
  @ApiProperty({ enum: ['ready', 'not-ready'] }) status!: string;
}

export class ComponentDto {
  @ApiProperty() kind!: string;
  @ApiProperty() reachable!: boolean;
  @ApiPropertyOptional({ description: 'Why it does not answer, or that its file is damaged.' }) error?: string;
  @ApiPropertyOptional() damaged?: string;
}

export class WebhookDelivererDto {
  @ApiProperty({
    enum: ['this-process', 'off', 'postgres-lock'],
    description:
      'this-process: alone, it delivers; off: LEDGER_WEBHOOKS=off; postgres-lock: the instance holding the lock delivers.',
  })
  kind!: string;
  @ApiProperty({ description: 'Whether this instance is the one delivering webhooks now.' }) deliverer!: boolean;
}

/** Why the ledger is or is not ready, for operators. */
export class ReadyDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: string;
  @ApiProperty({ type: ComponentDto }) eventStore!: ComponentDto;
  @ApiProperty({ type: ComponentDto }) keyStore!: ComponentDto;
  @ApiProperty({ type: ComponentDto }) rateLimits!: ComponentDto;
  @ApiProperty({ type: WebhookDelivererDto }) webhooks!: WebhookDelivererDto;
  @ApiPropertyOptional({ ...OPEN_OBJECT, description: 'Running, checkpoint, head, lag, events applied, last error.' })
  projection?: Record<string, unknown>;
  @ApiPropertyOptional({ ...OPEN_OBJECT, description: 'The hash-chain check made at start: status, events, ms.' })
  startupVerification?: Record<string, unknown>;
  @ApiPropertyOptional({ ...OPEN_OBJECT }) integrity?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'array',
    items: OPEN_OBJECT,
    description: 'What the working calendar cannot vouch for yet.',
  })
  warnings?: Record<string, unknown>[];
  @ApiPropertyOptional({ ...OPEN_OBJECT, description: 'The signing key: algorithm, keyId, fingerprint.' })
  signing?: Record<string, unknown>;
}

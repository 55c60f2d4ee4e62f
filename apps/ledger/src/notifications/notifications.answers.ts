import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';
import { STRINGS } from '../http/answer-dtos';
import { NOTIFICATION_TYPES } from './notifications';

/** One change, as a webhook would carry it. */
export class NotificationDto {
  @ApiProperty({ description: 'The webhook-id: the same on every delivery and replay.' }) id!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: string;
  @ApiProperty({ description: 'When the ledger recorded the fact.' }) timestamp!: string;
  @ApiProperty({
    type: 'object',
    required: ['eventId', 'occurredAt', 'recordedAt'],
    properties: {
      eventId: { type: 'string' },
      subjectId: { type: 'string' },
      occurredAt: { type: 'string' },
      recordedAt: { type: 'string' },
    },
    additionalProperties: true,
    description: 'The fact told: the ids, scope, reason or deadline the type carries.',
  })
  data!: { eventId: string; subjectId?: string; occurredAt: string; recordedAt: string; [field: string]: unknown };
}

export class ChangesPageDto {
  @ApiProperty({ type: [NotificationDto] }) changes!: NotificationDto[];
  @ApiPropertyOptional({ description: 'Pass back as `after`; absent on an empty log.' }) next?: string;
  @ApiProperty({ description: 'Nothing more in the log after `next`, for now.' }) caughtUp!: boolean;
}

export class SubscriberConfiguredDto extends CommandResponseDto {
  @ApiProperty() subscriberId!: string;
  @ApiProperty({ description: 'First 16 hex digits of the SHA-256 of the secret.' }) secretFingerprint!: string;
}

export class SubscriberCommandDto extends CommandResponseDto {
  @ApiProperty() subscriberId!: string;
}

export class SubscriberDto {
  @ApiProperty() subscriberId!: string;
  @ApiProperty() url!: string;
  @ApiProperty(STRINGS) eventTypes!: string[];
  @ApiProperty() secretFingerprint!: string;
  @ApiProperty() configuredPosition!: string;
  @ApiProperty() configuredAt!: string;
  @ApiProperty() configuredBy!: string;
  @ApiPropertyOptional() removedAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The position a replay asked to start after.' })
  replayFrom?: string | null;
  @ApiProperty({
    enum: ['active', 'retrying', 'failing', 'secret-unavailable', 'removed'],
    description: 'secret-unavailable: the key sealing its secret is not in the key store, so nothing is signed or sent; deliveries wait',
  })
  status!: string;
  @ApiProperty({ description: 'The position delivered up to.' }) delivered!: string;
  @ApiProperty() failures!: number;
  @ApiPropertyOptional() nextAttemptAt?: string;
}

export class SubscribersDto {
  @ApiProperty({ type: [SubscriberDto] }) subscribers!: SubscriberDto[];
}

export class DeliveryAttemptDto {
  @ApiProperty() attemptId!: number;
  @ApiProperty() subscriberId!: string;
  @ApiProperty() notificationId!: string;
  @ApiProperty() notificationType!: string;
  @ApiProperty() position!: string;
  @ApiPropertyOptional() subjectId?: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() at!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: string;
  @ApiPropertyOptional() statusCode?: number;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ description: 'After a failure: when the notification is tried again.' }) retryAt?: string;
}

export class AttemptsDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) attempts!: DeliveryAttemptDto[];
  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page.' }) next?: number;
}

export class DeadlineWatchRunDto {
  @ApiProperty({ description: 'Alarms recorded by this run (each is raised once).' }) raised!: number;
}

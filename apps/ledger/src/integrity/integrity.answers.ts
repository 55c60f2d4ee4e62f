import { ApiProperty } from '@nestjs/swagger';

export class KeyringKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty() publicKeyPem!: string;
}

export class KeyringDto {
  @ApiProperty() format!: string;
  @ApiProperty({ type: [KeyringKeyDto] }) keys!: KeyringKeyDto[];
}

export class PublicKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty() publicKeyPem!: string;
  @ApiProperty({ type: KeyringDto }) keyring!: KeyringDto;
}

/** What a checkpoint signs: how much of the log, up to which event, and the hash over it. */
class SignedCheckpointDto {
  @ApiProperty() eventsCovered!: number;
  @ApiProperty() lastEventId!: string;
  @ApiProperty() lastPosition!: string;
  @ApiProperty() logHash!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: string;
  @ApiProperty() signature!: string;
}

export class CheckpointDto extends SignedCheckpointDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: string;
  @ApiProperty() recordedAt!: string;
}

export class CheckpointsDto {
  @ApiProperty({ type: [CheckpointDto], description: 'Newest first.' }) checkpoints!: CheckpointDto[];
}

export class CheckpointWrittenDto extends SignedCheckpointDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ description: 'False when the newest checkpoint already covered the log: none was written.' })
  written!: boolean;
}

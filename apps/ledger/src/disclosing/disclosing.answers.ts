import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';
import { DisclosureBasisDto, ReasonDto, RecordedRefusalDto } from '../http/answer-dtos';

export class DisclosureResponseDto extends CommandResponseDto {
  @ApiProperty({ enum: ['recorded'] }) outcome!: 'recorded';
  @ApiProperty() disclosureId!: string;
  @ApiProperty({ type: DisclosureBasisDto }) basis!: DisclosureBasisDto;
  @ApiProperty() crossBorder!: boolean;
  @ApiProperty({ description: 'A covering consent asked for notice of transfers (Law 94-V Art. 19).' })
  subjectToBeNotified!: boolean;
}

/** 422: a problem; when its code is disclosure-refused, the refused attempt recorded and why. */
export class DisclosureRefusedProblemDto extends RecordedRefusalDto {
  @ApiPropertyOptional() disclosureId?: string;
  @ApiPropertyOptional() crossBorder?: boolean;
  @ApiPropertyOptional({ type: [ReasonDto] }) reasons?: ReasonDto[];
}

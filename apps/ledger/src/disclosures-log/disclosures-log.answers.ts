import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DisclosureBasisDto, FreshnessDto, OPEN_OBJECT, ReasonDto, STRINGS } from '../http/answer-dtos';

export class DisclosureEntryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() disclosureId!: string;
  @ApiProperty({ enum: ['recorded', 'refused'] }) outcome!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty(STRINGS) dataCategories!: string[];
  @ApiProperty() crossBorder!: boolean;
  @ApiPropertyOptional({ type: DisclosureBasisDto }) basis?: DisclosureBasisDto;
  @ApiPropertyOptional({ type: [ReasonDto] }) reasons?: ReasonDto[];
  @ApiPropertyOptional() requestedLegalBasis?: string;
  @ApiProperty() subjectToBeNotified!: boolean;
  @ApiPropertyOptional({ ...OPEN_OBJECT, description: 'The lending core’s reference, for those who may read it.' })
  reference?: unknown;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() position!: string;
  @ApiPropertyOptional({ description: 'When the person was told of it (Law 94-V Art. 19).' }) notifiedAt?: string;
}

export class DisclosuresPageDto {
  @ApiProperty({ type: [DisclosureEntryDto] }) disclosures!: DisclosureEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as cursor for the next page.' }) next?: string;
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

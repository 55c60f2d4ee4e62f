import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreshnessDto, OPEN_OBJECT } from '../http/answer-dtos';

export class AccessorDto {
  @ApiProperty() sub!: string;
  @ApiProperty() role!: string;
}

/** One recorded look at personal data. */
export class AccessEntryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['look', 'miss', 'guessing-reported'] }) kind!: string;
  @ApiPropertyOptional({ description: 'Absent for a read across many people.' }) subjectId?: string;
  @ApiProperty({ type: AccessorDto }) accessor!: AccessorDto;
  @ApiProperty() view!: string;
  @ApiProperty(OPEN_OBJECT) parameters!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'The stated reason, opened for the auditor; absent once the person is erased.' })
  reason?: string;
  @ApiPropertyOptional() reasonWithheld?: boolean;
  @ApiPropertyOptional({ description: 'How many records a read across many people showed.' }) records?: number;
  @ApiProperty() at!: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessEntryDto] }) entries!: AccessEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page.' })
  next?: string;
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

export class AccessReportDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: [AccessEntryDto] }) looks!: AccessEntryDto[];
  @ApiProperty({ type: [AccessEntryDto], description: 'Reads across many people since the person’s first record.' })
  readsAcrossManyPeople!: AccessEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page.' })
  next?: string;
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

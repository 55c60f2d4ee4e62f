import { ApiProperty } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';
import { DisclosureBasisDto } from '../http/answer-dtos';

export class DisclosureResponseDto extends CommandResponseDto {
  @ApiProperty({ enum: ['recorded'] }) outcome!: 'recorded';
  @ApiProperty() disclosureId!: string;
  @ApiProperty({ type: DisclosureBasisDto }) basis!: DisclosureBasisDto;
  @ApiProperty() crossBorder!: boolean;
  @ApiProperty({ description: 'A covering consent asked for notice of transfers (Law 94-V Art. 19).' })
  subjectToBeNotified!: boolean;
}

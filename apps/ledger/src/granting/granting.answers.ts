import { ApiProperty } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';

export class GrantConsentResponseDto extends CommandResponseDto {
  @ApiProperty() consentId!: string;
}

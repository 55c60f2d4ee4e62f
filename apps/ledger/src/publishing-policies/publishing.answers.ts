import { ApiProperty } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';

export class PublishedPolicyVersionDto extends CommandResponseDto {
  @ApiProperty() policyId!: string;
  @ApiProperty() version!: string;
}

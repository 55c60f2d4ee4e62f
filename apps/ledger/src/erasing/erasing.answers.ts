import { ApiProperty } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';

export class ErasureResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'The person’s key is destroyed: what the log holds sealed about them can no longer be read.' })
  keyDestroyed!: boolean;
}

export class ErasureSweepDto {
  @ApiProperty({ type: [String], description: 'Pseudonyms erased by this sweep.' }) erased!: string[];
  @ApiProperty({ type: [String] }) keysDestroyed!: string[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';
import { ReasonDto, ScopeDto } from '../http/answer-dtos';

export class WithdrawalRefusedPartDto {
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty({ type: ReasonDto }) reason!: ReasonDto;
  @ApiProperty({ type: [String], description: 'The loans still open that hold the refused part.' })
  openLoans!: string[];
}

export class WithdrawalResponseDto extends CommandResponseDto {
  @ApiProperty({ enum: ['withdrawn', 'partially-withdrawn'] }) outcome!: 'withdrawn' | 'partially-withdrawn';
  @ApiProperty() withdrawalId!: string;
  @ApiProperty({ type: ScopeDto }) withdrawn!: ScopeDto;
  @ApiPropertyOptional({ type: WithdrawalRefusedPartDto }) refused?: WithdrawalRefusedPartDto;
}

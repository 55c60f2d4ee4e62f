import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../http/command-response';
import { ReasonDto, RecordedRefusalDto, ScopeDto } from '../http/answer-dtos';

export class WithdrawalRefusedPartDto {
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty({ type: ReasonDto }) reason!: ReasonDto;
  @ApiProperty({ type: [String], description: 'The loans still open that hold the refused part.' })
  openLoans!: string[];
}

export class WithdrawalResponseDto extends CommandResponseDto {
  @ApiProperty({ enum: ['withdrawn', 'partially-withdrawn'] }) outcome!: 'withdrawn' | 'partially-withdrawn';
  @ApiProperty() withdrawalId!: string;
  @ApiProperty({
    type: ScopeDto,
    description:
      'What was taken: of the purposes and recipients the withdrawal named, those the person’s consents given by then held ' +
      '(the recorded scope, which also reaches paper consents keyed in later, may name more).',
  })
  withdrawn!: ScopeDto;
  @ApiPropertyOptional({
    type: ScopeDto,
    description:
      'When the request also reached purposes a law requires: their transfers to third parties, taken back ' +
      'while the lender’s own processing of them is refused (Law 94-V Art. 8(2)); to the recipients the person’s ' +
      'consents named.',
  })
  transfersWithdrawn?: ScopeDto;
  @ApiPropertyOptional({ type: WithdrawalRefusedPartDto }) refused?: WithdrawalRefusedPartDto;
}

/** 422: a problem; when its code is withdrawal-refused, the refusal recorded and why (nothing was withdrawn). */
export class WithdrawalRefusedProblemDto extends RecordedRefusalDto {
  @ApiPropertyOptional() withdrawalId?: string;
  @ApiPropertyOptional({ type: ReasonDto }) reason?: ReasonDto;
  @ApiPropertyOptional({ type: ScopeDto, description: 'The part of the request refused.' }) refusedScope?: ScopeDto;
  @ApiPropertyOptional({ type: [String], description: 'The loans still open that hold the refused part.' })
  openLoans?: string[];
}

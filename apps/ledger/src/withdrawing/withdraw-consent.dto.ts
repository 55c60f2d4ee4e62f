import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { COLLECTION_METHODS, CollectionMethod } from '@ledger/consent-domain';
import { EvidenceDto, SubjectCommandDto, EvidenceList, CodeList, NestedObject } from '../http/shared-dtos';
import { LedgerUuidField, OptionalField } from '../http/validation';

export class WithdrawalScopeDto {
  @ApiPropertyOptional({ example: ['advertising'], description: 'Absent: all purposes.' })
  @OptionalField()
  @CodeList('purpose')
  purposes?: string[];

  @ApiPropertyOptional({ description: 'Absent: all recipients (and the lender’s own processing).' })
  @OptionalField()
  @CodeList('recipient')
  recipients?: string[];

  @ApiPropertyOptional({ description: 'Absent: all data categories.' })
  @OptionalField()
  @CodeList('data category')
  dataCategories?: string[];

  @ApiPropertyOptional({
    description:
      'Take back the separate cross-border permission (alone: only that). False takes nothing: a scope naming only false flags is refused (empty-scope), never read as {}.',
  })
  @OptionalField()
  @IsBoolean()
  crossBorderTransfer?: boolean;

  @ApiPropertyOptional({
    description:
      'Take back the separate permission to publish (alone: only that). False takes nothing: a scope naming only false flags is refused (empty-scope), never read as {}.',
  })
  @OptionalField()
  @IsBoolean()
  publication?: boolean;
}

export class WithdrawConsentDto extends SubjectCommandDto {
  @ApiPropertyOptional({
    description: 'The consent to withdraw from; absent: every consent the person had given by then.',
  })
  @OptionalField()
  @LedgerUuidField()
  consentId?: string;

  @ApiProperty({ type: WithdrawalScopeDto, description: 'What is withdrawn; {} withdraws everything.' })
  @NestedObject(() => WithdrawalScopeDto)
  scope!: WithdrawalScopeDto;

  @ApiProperty({ enum: COLLECTION_METHODS, description: 'How the person asked.' })
  @IsIn(COLLECTION_METHODS)
  channel!: CollectionMethod;

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @OptionalField()
  @EvidenceList()
  evidence?: EvidenceDto[];
}

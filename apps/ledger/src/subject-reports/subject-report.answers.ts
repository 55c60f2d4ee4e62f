import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TermDto } from '../granting/grant-consent.dto';
import { FreshnessDto, OPEN_OBJECT, ReasonDto, ShownIdentityDto, STRINGS } from '../http/answer-dtos';
import { PolicyRefDto } from '../http/shared-dtos';
import { WithdrawalScopeDto } from '../withdrawing/withdraw-consent.dto';

/** A catalogue code with its label in the report's language (the code itself when the catalogue lacks it). */
export class LabelledDto {
  @ApiProperty() code!: string;
  @ApiProperty() label!: string;
}

export class LabelledDataCategoryDto extends LabelledDto {
  @ApiPropertyOptional({
    enum: ['subject', 'automatic', 'third-party'],
    description: 'Where the data comes from (Law 94-V Art. 24(1): the sources of collection).',
  })
  source?: string;
}

export class LabelledRecipientDto extends LabelledDto {
  @ApiPropertyOptional() country?: string;
}

export class LabelledLegalBasisDto extends LabelledDto {
  @ApiPropertyOptional() citation?: string;
}

export class PostalAddressDto {
  @ApiProperty() streetAddress!: string;
  @ApiProperty() locality!: string;
  @ApiPropertyOptional() region?: string;
  @ApiPropertyOptional() postalCode?: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2.' }) country!: string;
}

export class OperatorDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: PostalAddressDto }) address?: PostalAddressDto;
  @ApiPropertyOptional() bin?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() contact?: string;
  @ApiPropertyOptional() url?: string;
}

export class ReportWithdrawalDto {
  @ApiProperty() withdrawalId!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ type: WithdrawalScopeDto, description: 'The part withdrawn from this consent.' })
  scope!: WithdrawalScopeDto;
  @ApiPropertyOptional({
    type: WithdrawalScopeDto,
    description:
      'When the withdrawal also reached a purpose a law requires: that purpose’s transfers to third parties, ' +
      'taken back while the lender’s own processing of it goes on (Law 94-V Art. 8(2)).',
  })
  transfersWithdrawn?: WithdrawalScopeDto;
}

export class RecipientCoversDto {
  @ApiProperty({ type: LabelledRecipientDto }) recipient!: LabelledRecipientDto;
  @ApiProperty({ type: [LabelledDto] }) dataCategories!: LabelledDto[];
}

export class CoversDto {
  @ApiProperty({ type: LabelledDto }) purpose!: LabelledDto;
  @ApiProperty({ type: [LabelledDto] }) byTheLender!: LabelledDto[];
  @ApiProperty({ type: [RecipientCoversDto] }) toRecipients!: RecipientCoversDto[];
}

export class ReportConsentDto {
  @ApiProperty() consentId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() givenAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() collectionMethod!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: TermDto }) term!: TermDto;
  @ApiProperty({ type: PolicyRefDto }) policyShown!: PolicyRefDto;
  @ApiProperty({ type: [LabelledDto] }) purposes!: LabelledDto[];
  @ApiProperty({ type: [LabelledDataCategoryDto] }) dataCategories!: LabelledDataCategoryDto[];
  @ApiProperty({ type: [LabelledRecipientDto] }) recipients!: LabelledRecipientDto[];
  @ApiProperty({ description: 'Cross-border transfer allowed now (Law 94-V Art. 7(6), 8(4)(5), 16).' })
  crossBorderTransferAllowed!: boolean;
  @ApiProperty({ description: 'Publication in public sources allowed now (Law 94-V Art. 7(6), 8(4)(6); policy §7.1).' })
  publicationAllowed!: boolean;
  @ApiProperty({ description: 'The person asked to be told of each transfer to a third party (Law 94-V Art. 19).' })
  notifyOnDisclosure!: boolean;
  @ApiProperty({ type: [ReportWithdrawalDto] }) withdrawals!: ReportWithdrawalDto[];
  @ApiProperty(STRINGS) purposesAchieved!: string[];
  @ApiProperty({ type: [CoversDto] }) covers!: CoversDto[];
}

export class ReportAcceptanceDto {
  @ApiProperty() policyId!: string;
  @ApiProperty() version!: string;
  @ApiProperty() acceptedAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ description: 'Where the text the person accepted is published.' }) text?: string;
}

export class ReportBasisDto {
  @ApiProperty({ enum: ['consent', 'legal-basis'] }) kind!: string;
  @ApiPropertyOptional({ type: [String], description: 'The consents it rested on.' }) consents?: string[];
  @ApiPropertyOptional({ type: LabelledLegalBasisDto }) legalBasis?: LabelledLegalBasisDto;
  @ApiPropertyOptional() citation?: string;
}

/** What a disclosure asked for, whether it was recorded or refused. */
class ReportDisclosureAskedDto {
  @ApiProperty() disclosureId!: string;
  @ApiProperty({ type: LabelledRecipientDto }) recipient!: LabelledRecipientDto;
  @ApiProperty({ type: LabelledDto }) purpose!: LabelledDto;
  @ApiProperty({ type: [LabelledDto] }) dataCategories!: LabelledDto[];
  @ApiProperty() occurredAt!: string;
}

export class ReportDisclosureDto extends ReportDisclosureAskedDto {
  @ApiProperty() crossBorder!: boolean;
  @ApiPropertyOptional({ type: ReportBasisDto }) basis?: ReportBasisDto;
  @ApiPropertyOptional() notifiedAt?: string;
}

/** A reason as recorded, with what it means told in the report's language. */
export class ReportReasonDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'The reason explained to the person in the report’s language.' })
  explanation?: string;
}

export class ReportRefusedDisclosureDto extends ReportDisclosureAskedDto {
  @ApiPropertyOptional({ type: [ReportReasonDto] }) reasons?: ReportReasonDto[];
}

export class ReportRefusedWithdrawalDto {
  @ApiProperty() withdrawalId!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ ...OPEN_OBJECT, description: 'The part refused, purposes labelled.' }) scope!: Record<string, unknown>;
  @ApiProperty({ type: ReportReasonDto }) reason!: ReportReasonDto;
  @ApiProperty({
    description:
      'False when the refusal no longer stands as known now: refused for an open loan whose fulfilment, ' +
      'recorded later, is dated before the withdrawal (Law 94-V Art. 8(2)).',
  })
  refusalHoldsAsKnownNow!: boolean;
  @ApiProperty(STRINGS) openLoans!: string[];
}

export class ReportRefusalsDto {
  @ApiProperty({ type: [ReportRefusedDisclosureDto] }) disclosures!: ReportRefusedDisclosureDto[];
  @ApiProperty({ type: [ReportRefusedWithdrawalDto] }) withdrawals!: ReportRefusedWithdrawalDto[];
}

/** How long the person's data is kept (Law 94-V Art. 24(1): the storage period). */
export class ReportStorageDto {
  @ApiProperty({ example: 'Law 94-V Art. 24(1), 18; Law 573-II Art. 23(6)' }) citation!: string;
  @ApiProperty({ description: 'Years kept after the relationship ends (no open loan, no consent in force).' })
  yearsAfterRelationshipEnds!: number;
  @ApiPropertyOptional({ description: 'Years kept after the last disclosure to a credit bureau, once there was one.' })
  yearsAfterLastCreditBureauDisclosure?: number;
  @ApiPropertyOptional({ description: 'When the data may be destroyed; absent while the relationship goes on.' })
  keptUntil?: string;
}

/** The person's own report (Law 94-V Art. 24). */
export class SubjectReportDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty({ enum: ['kk', 'ru', 'en'] }) language!: string;
  @ApiProperty() issuedAt!: string;
  @ApiProperty() law!: string;
  @ApiProperty({ type: OperatorDto }) operator!: OperatorDto;
  @ApiProperty({ type: ShownIdentityDto }) subject!: ShownIdentityDto;
  @ApiPropertyOptional() erasedAt?: string;
  @ApiProperty({ type: [ReportConsentDto] }) consents!: ReportConsentDto[];
  @ApiProperty({ type: [ReportAcceptanceDto] }) policyAcceptances!: ReportAcceptanceDto[];
  @ApiProperty({ type: [ReportDisclosureDto] }) disclosures!: ReportDisclosureDto[];
  @ApiProperty({ type: ReportRefusalsDto }) refusals!: ReportRefusalsDto;
  @ApiPropertyOptional({ type: ReportStorageDto, description: 'Absent once the person is erased.' })
  storage?: ReportStorageDto;
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STRINGS } from '../http/answer-dtos';

export class LabelsDto {
  @ApiProperty() kk!: string;
  @ApiProperty() ru!: string;
  @ApiProperty() en!: string;
}

export class ControllerDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional({
    type: LabelsDto,
    description: 'The name in each language as the privacy policy gives it; receipts use the one of their language.',
  })
  names?: LabelsDto;
  @ApiProperty() policyUrl!: string;
  @ApiPropertyOptional() website?: string;
  @ApiPropertyOptional() phone?: string;
}

export class PurposeDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LabelsDto }) labels!: LabelsDto;
  @ApiProperty({ description: 'Where the lender’s privacy policy names it.' }) policyReference!: string;
  @ApiProperty({ description: 'May be withdrawn while a loan is open (Law 94-V Art. 8(2)).' })
  withdrawableWithOpenLoan!: boolean;
  @ApiProperty({ description: 'A law requires this processing: consent to it cannot be withdrawn (Law 94-V Art. 8(2)).' })
  requiredByLaw!: boolean;
  @ApiProperty() legalBasisMayApply!: boolean;
  @ApiProperty({ type: [String], description: 'W3C DPV purpose concepts.' }) dpv!: string[];
}

export class DataCategoryDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LabelsDto }) labels!: LabelsDto;
  @ApiProperty({ enum: ['subject', 'automatic', 'third-party'] }) source!: string;
  @ApiProperty() directIdentifier!: boolean;
}

export class LegalBasisGrantDto {
  @ApiProperty() legalBasis!: string;
  @ApiProperty(STRINGS) purposes!: string[];
}

export class RecipientDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LabelsDto }) labels!: LabelsDto;
  @ApiProperty({
    enum: ['credit-bureau', 'pension-centre', 'collector', 'assignee', 'processor', 'marketing-partner', 'state-body'],
  })
  kind!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2; ZZ: any country outside Kazakhstan.' }) country!: string;
  @ApiProperty({ type: [LegalBasisGrantDto] }) legalBases!: LegalBasisGrantDto[];
}

export class LegalBasisDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LabelsDto }) labels!: LabelsDto;
  @ApiProperty() citation!: string;
}

export class ReasonLabelsDto {
  @ApiProperty({ description: 'A reason code the ledger answers a refusal with (no-consent, withdrawn, …).' })
  code!: string;
  @ApiProperty({ type: LabelsDto, description: 'What it means, in words for the person.' }) labels!: LabelsDto;
}

export class CatalogueDto {
  @ApiProperty() version!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ type: ControllerDto }) controller!: ControllerDto;
  @ApiProperty({ type: [PurposeDto] }) purposes!: PurposeDto[];
  @ApiProperty({ type: [DataCategoryDto] }) dataCategories!: DataCategoryDto[];
  @ApiProperty({ type: [RecipientDto] }) recipients!: RecipientDto[];
  @ApiProperty({ type: [LegalBasisDto] }) legalBases!: LegalBasisDto[];
  @ApiProperty({ type: [ReasonLabelsDto] }) reasons!: ReasonLabelsDto[];
}

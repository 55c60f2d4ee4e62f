import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreshnessDto, OPEN_OBJECT } from '../http/answer-dtos';

export class PolicyVersionDto {
  @ApiProperty() version!: string;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty() materialChange!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: OPEN_OBJECT,
    description: 'Per language (kk, ru, en): { sha256, url } of the text.',
  })
  texts!: Record<string, Record<string, unknown>>;
  @ApiPropertyOptional() summary?: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() eventId!: string;
}

export class PolicyDto {
  @ApiProperty() policyId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The version in force at T.' }) inForce!: string | null;
  @ApiProperty({ type: String, nullable: true }) latestMaterialChangeInForce!: string | null;
  @ApiProperty({ type: [PolicyVersionDto] }) versions!: PolicyVersionDto[];
}

export class PoliciesDto {
  @ApiProperty() at!: string;
  @ApiProperty() knownAt!: string;
  @ApiProperty({ type: [PolicyDto] }) policies!: PolicyDto[];
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

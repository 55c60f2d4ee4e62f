import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WrittenEventDto } from './command-response';
import { PROBLEM_CODE_SCHEMA } from './openapi';

/**
 * Parts many answers share, described once for the OpenAPI document. An object the ledger passes
 * through from an event or the catalogue is declared open (`additionalProperties: true`).
 */
export const OPEN_OBJECT: { type: 'object'; additionalProperties: true } = { type: 'object', additionalProperties: true };
export const STRINGS: { type: [StringConstructor] } = { type: [String] };

/** How fresh the read models were when the answer was made. */
export class FreshnessDto {
  @ApiPropertyOptional({ description: 'Opaque position the read models had reached.' }) checkpoint?: string;
  @ApiProperty() caughtUp!: boolean;
  @ApiProperty() lagMs!: number;
  @ApiPropertyOptional({ description: 'Present when minPosition was asked: whether the read models reached it.' })
  reachedMinPosition?: boolean;
}

export class IdentifiersDto {
  @ApiProperty({ description: 'Masked unless the viewer is an auditor or regulator.' }) iin!: string;
  @ApiPropertyOptional() fullName?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
}

/** Who a pseudonym is, as far as the viewer may know. */
export class ShownIdentityDto {
  @ApiProperty({ enum: ['held', 'erased', 'not-held'] }) status!: 'held' | 'erased' | 'not-held';
  @ApiPropertyOptional() masked?: boolean;
  @ApiPropertyOptional({ type: IdentifiersDto }) identifiers?: IdentifiersDto;
  @ApiPropertyOptional() erasedAt?: string;
  @ApiPropertyOptional() reason?: string;
}

/** One of the person's events an answer rests on. */
export class EventSummaryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
}

/** Why something is not allowed (or was refused), with the article behind it where there is one. */
export class ReasonDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() citation?: string;
  @ApiPropertyOptional() consentId?: string;
  @ApiPropertyOptional() eventId?: string;
  @ApiPropertyOptional(STRINGS) dataCategories?: string[];
}

/** Part of a consent: absent lists mean all of it. */
export class ScopeDto {
  @ApiPropertyOptional(STRINGS) purposes?: string[];
  @ApiPropertyOptional(STRINGS) dataCategories?: string[];
  @ApiPropertyOptional(STRINGS) recipients?: string[];
}

export class ConsentCategoriesDto {
  @ApiProperty() consentId!: string;
  @ApiProperty(STRINGS) dataCategories!: string[];
}

/** What an allowed disclosure rests on: consents (per data category) or a legal basis. */
export class DisclosureBasisDto {
  @ApiProperty({ enum: ['consent', 'legal-basis'] }) kind!: string;
  @ApiPropertyOptional({ type: [ConsentCategoriesDto] }) consents?: ConsentCategoriesDto[];
  @ApiPropertyOptional() legalBasis?: string;
  @ApiPropertyOptional() citation?: string;
}

export class ProblemErrorDto {
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() message?: string;
}

/** RFC 9457 problem details, as every error is answered; a route's own extension members beside them. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/unknown-code' }) type!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'integer' }) status!: number;
  @ApiProperty(PROBLEM_CODE_SCHEMA) code!: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional({ type: [ProblemErrorDto] }) errors?: ProblemErrorDto[];
}

/** A refusal the ledger recorded: the problem, and what was written, as a command's answer says it. */
export class RecordedRefusalDto extends ProblemDto {
  @ApiPropertyOptional({ description: 'Pseudonym of the person (HMAC of the IIN); use it in query URLs.' })
  subjectId?: string;
  @ApiPropertyOptional({ description: 'When the ledger recorded the refusal.' }) recordedAt?: string;
  @ApiPropertyOptional({ description: 'Opaque log position of the refusal; pass it as minPosition to a query.' })
  position?: string;
  @ApiPropertyOptional({ description: 'True when this is the first answer again, for a retry with the same key.' })
  replayed?: boolean;
  @ApiPropertyOptional({ type: [WrittenEventDto] }) events?: WrittenEventDto[];
  @ApiPropertyOptional({ description: 'The refusal event.' }) eventId?: string;
}

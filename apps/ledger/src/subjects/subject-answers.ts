import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DisclosureBasisDto,
  EventSummaryDto,
  FreshnessDto,
  OPEN_OBJECT,
  ReasonDto,
  ScopeDto,
  ShownIdentityDto,
  STRINGS,
} from '../http/answer-dtos';

const CONSENT_STATUSES = [
  'active',
  'partially-withdrawn',
  'withdrawn',
  'expired',
  'purposes-achieved',
  'suspended-policy-not-accepted',
  'erased',
];

export class ResolvedSubjectDto {
  @ApiPropertyOptional({ description: 'Present when known.' }) subjectId?: string;
  @ApiProperty() known!: boolean;
}

export class PolicyStandingDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: '{ policyId, version } shown' })
  shown!: Record<string, string>;
  @ApiProperty() policyId!: string;
  @ApiPropertyOptional({ description: 'The newest material-change version in force at T.' }) requiredVersion?: string;
  @ApiPropertyOptional({
    description: 'When that version took effect: the consent is suspended from then until it is accepted.',
  })
  requiredSince?: string;
  @ApiPropertyOptional({ description: 'The newest version the person had accepted by T.' }) acceptedVersion?: string;
  @ApiProperty() satisfied!: boolean;
  @ApiPropertyOptional() acceptanceEventId?: string;
  @ApiPropertyOptional() requiredVersionEventId?: string;
}

/** Evidence as a viewer is shown it: a schema of its own (named as the request's EvidenceDto, one overwrote the other in the OpenAPI document). */
export class EvidenceShownDto {
  @ApiProperty() kind!: string;
  @ApiProperty({ description: 'Masked for viewers who may not see it.' }) reference!: string;
  @ApiPropertyOptional() sha256?: string;
}

export class ConsentWithdrawalDto {
  @ApiProperty() withdrawalId!: string;
  @ApiPropertyOptional() consentId?: string;
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() eventId!: string;
}

export class RecipientCoverageDto {
  @ApiProperty() recipient!: string;
  @ApiProperty(STRINGS) dataCategories!: string[];
}

export class PurposeCoverageDto {
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: [String], description: 'What the lender itself may process for this purpose.' })
  dataCategories!: string[];
  @ApiProperty({ type: [RecipientCoverageDto] }) recipients!: RecipientCoverageDto[];
}

/** One consent and its standing at T as known at T′. */
export class ConsentViewDto {
  @ApiProperty() consentId!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: string;
  @ApiProperty({ example: 'dpv:ConsentGiven' }) dpvState!: string;
  @ApiProperty() givenAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty(STRINGS) purposes!: string[];
  @ApiProperty(STRINGS) dataCategories!: string[];
  @ApiProperty(STRINGS) recipients!: string[];
  @ApiProperty({ ...OPEN_OBJECT, description: '{ kind: until, until } or { kind: until-purposes-achieved }' })
  term!: Record<string, unknown>;
  @ApiProperty() termEnded!: boolean;
  @ApiProperty() crossBorderTransferAllowed!: boolean;
  @ApiProperty() publicationAllowed!: boolean;
  @ApiProperty() notifyOnDisclosure!: boolean;
  @ApiProperty({ type: PolicyStandingDto }) policy!: PolicyStandingDto;
  @ApiProperty({ enum: ['kk', 'ru', 'en'] }) language!: string;
  @ApiProperty() collectionMethod!: string;
  @ApiProperty({ type: [EvidenceShownDto] }) evidence!: EvidenceShownDto[];
  @ApiProperty({
    type: [ConsentWithdrawalDto],
    description:
      'The withdrawals that took something from this consent, in the order recorded: the first, and each that took a part or a separate permission no earlier one had (a withdrawal that only repeated them is in the timeline, not here).',
  })
  withdrawals!: ConsentWithdrawalDto[];
  @ApiProperty(STRINGS) purposesAchieved!: string[];
  @ApiProperty({
    type: [PurposeCoverageDto],
    description:
      'What the consent still covers, per purpose: nothing unless in force, except that one suspended by an unaccepted policy change keeps the lender’s own processing for purposes a law requires.',
  })
  coverage!: PurposeCoverageDto[];
  @ApiProperty({ type: [String], description: 'Ids of the events this standing rests on.' }) justifiedBy!: string[];
}

export class ConsentStateDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: ShownIdentityDto }) subject!: ShownIdentityDto;
  @ApiProperty() at!: string;
  @ApiProperty() knownAt!: string;
  @ApiProperty({ type: [ConsentViewDto] }) consents!: ConsentViewDto[];
  @ApiProperty(STRINGS) openLoans!: string[];
  @ApiProperty({ type: [EventSummaryDto] }) events!: EventSummaryDto[];
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

/** Whether a use of data is allowed at T as known at T′, on what basis, or why not. */
export class CheckAnswerDto {
  @ApiPropertyOptional() subjectId?: string;
  @ApiProperty() purpose!: string;
  @ApiPropertyOptional() recipient?: string;
  @ApiProperty(STRINGS) dataCategories!: string[];
  @ApiPropertyOptional() legalBasis?: string;
  @ApiProperty() at!: string;
  @ApiProperty() knownAt!: string;
  @ApiProperty() allowed!: boolean;
  @ApiPropertyOptional({ type: DisclosureBasisDto }) basis?: DisclosureBasisDto;
  @ApiProperty() crossBorder!: boolean;
  @ApiProperty() subjectToBeNotified!: boolean;
  @ApiProperty({ type: [ReasonDto] }) reasons!: ReasonDto[];
  @ApiProperty(STRINGS) justifiedBy!: string[];
  @ApiProperty({ type: [EventSummaryDto] }) events!: EventSummaryDto[];
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

export class ActorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['client', 'user', 'system'] }) kind!: string;
  @ApiPropertyOptional() role?: string;
}

export class ImportedFromDto {
  @ApiProperty({ description: 'The import (its audit trail is the stream import-<importId>).' }) importId!: string;
  @ApiProperty({ description: 'The line of the imported file the fact came from.' }) line!: number;
}

/** One event as stored, with both times and its place in the hash chain. */
export class TimelineEntryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ type: ActorDto }) actor!: ActorDto;
  @ApiProperty() commandId!: string;
  @ApiPropertyOptional({
    type: ImportedFromDto,
    description: 'Present when the fact came in by a bulk import (recorded outside the late-fact window).',
  })
  imported?: ImportedFromDto;
  @ApiPropertyOptional() hash?: string;
  @ApiPropertyOptional() previousHash?: string;
  @ApiProperty({ ...OPEN_OBJECT, description: 'The event’s data, personal fields masked as for the viewer.' })
  data!: Record<string, unknown>;
}

export class TimelineDto {
  @ApiProperty() subjectId!: string;
  @ApiPropertyOptional() knownAt?: string;
  @ApiProperty({ type: [TimelineEntryDto] }) events!: TimelineEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as afterRevision for the next page.' }) nextAfterRevision?: number;
  @ApiProperty({ type: FreshnessDto }) projection!: FreshnessDto;
}

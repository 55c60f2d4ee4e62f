import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  CODE_PATTERN,
  IsIin,
  IsInstant,
  KEY_PATTERN,
  POLICY_ID_PATTERN,
  VERSION_PATTERN,
  OptionalField,
  stacked,
  SUBJECT_ID_PATTERN,
} from './validation';
import { COMMAND_ID_PROPERTY } from './openapi';

/** An evidence kind: lowercase words joined by single dashes, starting with a letter (sms-log, egov-receipt). */
export const EVIDENCE_KIND_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export class EvidenceDto {
  @ApiProperty({
    example: 'sms-log',
    description:
      'What the evidence is, as a code (lowercase words joined by -): sms-log, signed-document, scan, ' +
      'egov-receipt, web-session… Kept in clear, unlike the reference: never a name or a contact.',
  })
  @IsString()
  @Length(1, 64)
  // A code, not free text: the kind is kept in clear (the reference is sealed), so text that could
  // name the person — a name, an e-mail, a phone — would outlive their erasure (Law 94-V Art. 18).
  @Matches(EVIDENCE_KIND_PATTERN, { message: 'kind must be a code: lowercase words joined by -, e.g. sms-log' })
  kind!: string;

  @ApiProperty({
    example: 'sms-gw/2025/03/01/784512',
    description: 'Where the lender keeps it; never the document itself.',
  })
  @IsString()
  @Length(1, 256)
  reference!: string;

  @ApiPropertyOptional({ example: '9f2c…', description: 'SHA-256 of the evidence, 64 hex digits.' })
  @OptionalField()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256?: string;
}

export class PolicyRefDto {
  @ApiProperty({ example: 'privacy' })
  @Matches(POLICY_ID_PATTERN, { message: 'policyId must be lowercase letters, digits and _' })
  policyId!: string;

  @ApiProperty({ example: '2025.1' })
  @Matches(VERSION_PATTERN, { message: 'version must be letters, digits, . and _' })
  version!: string;
}

/** A person named in a body, by IIN (never in a URL) or by pseudonym: one of the two. */
export class PersonRefDto {
  @ApiPropertyOptional({ description: 'The person’s IIN; or give subjectId.' })
  @OptionalField()
  @IsIin()
  iin?: string;

  @ApiPropertyOptional({ description: 'The person’s pseudonym; or give iin.' })
  @OptionalField()
  @Matches(SUBJECT_ID_PATTERN, { message: 'subjectId must be 32 lowercase hex digits' })
  subjectId?: string;
}

/** The idempotency key in the body, for a caller that cannot send the Idempotency-Key header. */
export const CommandIdField = () =>
  stacked(ApiPropertyOptional(COMMAND_ID_PROPERTY), OptionalField(), Matches(KEY_PATTERN));

/** Fields every command for a person carries. */
export class SubjectCommandDto {
  @CommandIdField()
  commandId?: string;

  @ApiProperty({
    example: '900101300017',
    description: 'The person’s IIN (12 digits, valid check digit). Never put it in a URL.',
  })
  @IsIin()
  iin!: string;

  @ApiProperty({
    example: '2025-03-01T09:30:00+05:00',
    description: 'When it happened (may be late within the window, never in the future).',
  })
  @IsInstant()
  occurredAt!: string;
}

/** A list of evidence (at most 16 pieces); whether it is required is the command's to say. */
export const EvidenceList = () =>
  stacked(
    IsArray(),
    ArrayMaxSize(16),
    IsObject({ each: true, message: 'each piece of evidence must be an object' }),
    ValidateNested({ each: true }),
    Type(() => EvidenceDto),
  );

/** A required JSON object validated as a `type`: missing is "required", an array or a bare value is refused. */
export const NestedObject = (type: () => new () => object) =>
  stacked(IsDefined(), IsObject(), ValidateNested(), Type(type));

/**
 * A list of catalogue codes (at most 64; `nonEmpty`: at least one), `what` naming one code in the
 * message. Each code once: the list is a set, and a code named twice would be kept twice in the
 * person's record for good (a receipt listing a purpose twice), so it is refused as the ambiguous
 * request it is.
 */
export const CodeList = (what: string, { nonEmpty = false } = {}) =>
  stacked(
    IsArray(),
    ...(nonEmpty ? [ArrayMinSize(1)] : []),
    ArrayMaxSize(64),
    Matches(CODE_PATTERN, { each: true, message: `each ${what} must be a catalogue code` }),
    ArrayUnique({ message: `each ${what} may be named once` }),
  );

/** Read-your-writes: a query may name a position a command returned. */
export const MinPositionField = () =>
  stacked(
    ApiPropertyOptional({
      description: 'A position a command returned: wait (briefly) until the read models include it.',
    }),
    OptionalField(),
    IsString(),
    Length(1, 64),
  );

/** A page's cursor: the `next` a previous page gave (the list it names is checked where it is read). */
export const CursorField = (description = 'The `next` value of the previous page: continue after its last entry.') =>
  stacked(ApiPropertyOptional({ description }), OptionalField(), IsString(), Length(1, 200));

/**
 * An optional query text naming a moment or a log position, read where it is used (ReadModels,
 * the changes feed): a short text, since a look keeps its parameters in the log.
 */
export const InstantOrPositionField = (description?: string) =>
  stacked(
    ApiPropertyOptional(description === undefined ? {} : { description }),
    OptionalField(),
    IsString(),
    Length(1, 64),
  );

/** Evidence as the domain records it: no empty hash field. */
export function toEvidence(evidence: readonly EvidenceDto[] | undefined) {
  return (evidence ?? []).map((e) => ({
    kind: e.kind,
    reference: e.reference,
    ...(e.sha256 ? { sha256: e.sha256 } : {}),
  }));
}

/** The query of a read that takes nothing but read-your-writes. */
export class ReadYourWritesQueryDto {
  @MinPositionField()
  minPosition?: string;
}

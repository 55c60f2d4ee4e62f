import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  Matches,
  ValidateIf,
  ValidateNested,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  IsEmail,
  IsObject,
  IsString,
  Length,
} from 'class-validator';
import { COLLECTION_METHODS, CollectionMethod, Language, LANGUAGES } from '@ledger/consent-domain';
import {
  EvidenceDto,
  PolicyRefDto,
  SubjectCommandDto,
  EvidenceList,
  CodeList,
  NestedObject,
} from '../http/shared-dtos';
import { IsInstant, OptionalField } from '../http/validation';

/** A date on a term that runs until the purposes are achieved would be ignored: refuse it. */
@ValidatorConstraint({ name: 'untilGoesWithKindUntil' })
class UntilGoesWithKindUntil implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as TermDto).kind === 'until';
  }
  defaultMessage(): string {
    return 'until goes only with kind "until"';
  }
}

export class TermDto {
  @ApiProperty({ enum: ['until', 'until-purposes-achieved'], description: 'Law 94-V Art. 8(5)-(6)' })
  @IsIn(['until', 'until-purposes-achieved'])
  kind!: 'until' | 'until-purposes-achieved';

  @ApiPropertyOptional({
    example: '2026-03-01T00:00:00Z',
    description: 'Required when kind is "until"; the consent ends at this instant.',
  })
  @ValidateIf((term: TermDto) => term.kind === 'until' || term.until !== undefined)
  @IsInstant()
  @Validate(UntilGoesWithKindUntil)
  until?: string;
}

/** Who the person is, beyond the IIN; sealed with their own key before anything is stored. */
export class SubjectIdentifiersDto {
  @ApiPropertyOptional({
    example: 'Жанар Серікқызы Ахметова',
    description: 'Law 94-V Art. 8(4)(2): the consent names the person.',
  })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  @Matches(/^[^\u0000-\u001f<>]+$/, { message: 'fullName holds characters a name cannot' })
  fullName?: string;

  @ApiPropertyOptional({ example: '+77011234567' })
  @OptionalField()
  @Matches(/^\+?[0-9]{10,15}$/, { message: 'phone must be 10-15 digits, optionally after +' })
  phone?: string;

  @ApiPropertyOptional({ example: 'zhanar@example.kz' })
  @OptionalField()
  @IsEmail()
  @Length(3, 254)
  email?: string;
}

export class GrantConsentDto extends SubjectCommandDto {
  @ApiPropertyOptional({ type: SubjectIdentifiersDto, description: 'Stored encrypted with the person’s own key.' })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectIdentifiersDto)
  subject?: SubjectIdentifiersDto;

  @ApiProperty({
    example: ['microcredit-contract', 'credit-and-pension-checks'],
    description: 'Purpose codes from the catalogue.',
  })
  @CodeList('purpose', { nonEmpty: true })
  purposes!: string[];

  @ApiProperty({ example: ['full-name', 'iin', 'salary-amount'] })
  @CodeList('data category', { nonEmpty: true })
  dataCategories!: string[];

  @ApiProperty({
    example: ['first-credit-bureau'],
    description: 'Third parties the data may go to (Art. 7(6)); may be empty.',
  })
  @CodeList('recipient')
  recipients!: string[];

  @ApiProperty({ description: 'Separate consent to cross-border transfer (Art. 7(6), 16).' })
  @IsBoolean()
  crossBorderTransferAllowed!: boolean;

  @ApiProperty({ description: 'Separate consent to publication in public sources (Art. 7(6)).' })
  @IsBoolean()
  publicationAllowed!: boolean;

  @ApiPropertyOptional({ description: 'The person asked to be told of each transfer (Art. 19). Default false.' })
  @OptionalField()
  @IsBoolean()
  notifyOnDisclosure?: boolean;

  @ApiProperty({ type: TermDto })
  @NestedObject(() => TermDto)
  term!: TermDto;

  @ApiProperty({ type: PolicyRefDto, description: 'The privacy-policy version shown to the person.' })
  @NestedObject(() => PolicyRefDto)
  policyShown!: PolicyRefDto;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiProperty({ enum: COLLECTION_METHODS, description: 'Art. 8(1): a way that lets receipt be confirmed.' })
  @IsIn(COLLECTION_METHODS)
  collectionMethod!: CollectionMethod;

  @ApiProperty({ type: [EvidenceDto] })
  @EvidenceList()
  evidence!: EvidenceDto[];
}

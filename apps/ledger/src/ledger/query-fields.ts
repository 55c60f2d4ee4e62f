import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { OptionalField, stacked } from '../http/validation';

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

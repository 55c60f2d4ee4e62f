import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { COMMAND_ID_PROPERTY } from '../http/openapi';
import { KEY_PATTERN, OptionalField, stacked } from '../http/validation';

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

/** The idempotency key in the body, for a caller that cannot send the Idempotency-Key header. */
export const CommandIdField = () =>
  stacked(ApiPropertyOptional(COMMAND_ID_PROPERTY), OptionalField(), Matches(KEY_PATTERN));

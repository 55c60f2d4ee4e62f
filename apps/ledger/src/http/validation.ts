import {
  applyDecorators,
  ArgumentMetadata,
  PipeTransform,
  Type,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import {
  getMetadataStorage,
  IsInt,
  IsUUID,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { containsIin, ErrorDetail, isInstant, isValidIin, normaliseInstant } from '@ledger/consent-domain';
import { CompiledValidation, NOT_SURE } from './compiled-validation';
import { ProblemException } from './problems';
import { iinInFreeText } from './request-shape';

/**
 * Rejects unknown fields and wrong types (no implicit conversion); every failure becomes one 400.
 * All constraints run (class-validator's stopAtFirstError would check a field's bottom decorator
 * first, so `purposes: "x"` was answered "no more than 64 elements"); each field then reports the
 * constraint written first on it, which by our convention is its type.
 */
export function ledgerValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    // Values are read only to tell a missing field from a wrong one; they are never echoed back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const all = flatten(errors);
      const detail =
        all.length > LISTED_ERRORS
          ? `the request does not match its schema (${all.length} problems, the first ${LISTED_ERRORS} listed)`
          : 'the request does not match its schema';
      return new ProblemException('invalid-request', detail, {}, all.slice(0, LISTED_ERRORS));
    },
  });
}

/**
 * Problems a refusal lists: a 64 KiB body of thousands of unknown fields was answered with a problem
 * for each, seven times the body's size; a caller fixes the first ones and sends it again.
 */
export const LISTED_ERRORS = 100;

type Storage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<Storage['getTargetValidationMetadatas']>;
let remembered: { on: boolean } | undefined;
/** Counts rules registered after rememberValidationRules started: compiled checks are made afresh when it moves. */
let registrations = 0;

/**
 * class-validator works out a class's rules again for every object it validates — filtering every
 * rule registered, and testing every registered class for inheritance — which for an import is most
 * of what validating a row costs (and most of its garbage). The rules change only when a decorator
 * registers a new one, so they are remembered per class and options until then: the same rules, in
 * the same order, so the same answers (test/importing/remembered-rules.spec.ts holds them to it).
 * `on` lets that test compare with rules worked out afresh.
 */
export function rememberValidationRules(on = true): void {
  if (remembered) {
    remembered.on = on;
    return;
  }
  const state = { on };
  remembered = state;
  const storage = getMetadataStorage();
  const rulesOf = storage.getTargetValidationMetadatas.bind(storage);
  const groupOf = storage.groupByPropertyName.bind(storage);
  const rules = new Map<unknown, Map<string, Rules>>();
  const groups = new WeakMap<Rules, ReturnType<Storage['groupByPropertyName']>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, withGroups) => {
    if (!state.on) return rulesOf(target, schema, always, strictGroups, withGroups);
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${withGroups?.join('\u0001') ?? ''}`;
    const ofTarget = rules.get(target) ?? new Map<string, Rules>();
    rules.set(target, ofTarget);
    let found = ofTarget.get(options);
    if (!found) {
      found = rulesOf(target, schema, always, strictGroups, withGroups);
      ofTarget.set(options, found);
    }
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    if (!state.on) return groupOf(metadata);
    let grouped = groups.get(metadata);
    if (!grouped) {
      grouped = groupOf(metadata);
      groups.set(metadata, grouped);
    }
    return grouped;
  };
  // A rule registered later (a class defined after the first validation) starts afresh.
  for (const method of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const add = storage[method].bind(storage) as (metadata: never) => void;
    (storage as unknown as Record<string, (metadata: never) => void>)[method] = (metadata) => {
      rules.clear();
      registrations++;
      add(metadata);
    };
  }
}

/**
 * A body is a JSON object: `null`, an array or a bare value is refused before validation, which
 * would otherwise let it through to a command with no required field.
 *
 * A query string that passed is remembered (by its class and its parsed members, a bounded number
 * per class): the same question asked again — the lending core asks the same check for one person
 * after another — gets a copy of the first answer instead of class-transformer and class-validator
 * again, about 6 % of a check's CPU. Only flat answers are kept (strings, numbers, lists of them),
 * each caller gets its own copy, and a refusal is never remembered. No query rule reads the clock
 * or anything but the value, so the same value is always judged the same.
 */
class LedgerValidationPipe extends ValidationPipe {
  private readonly validQueries = new Map<Type<unknown>, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const declared = metadata.metatype !== undefined && metadata.metatype !== Object;
    if (metadata.type === 'body' && declared && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ProblemException('invalid-request', 'the body must be a JSON object', {}, [
        { field: '(body)', code: 'not-an-object', message: 'must be a JSON object' },
      ]);
    }
    if (metadata.type === 'body' && declared && compiledBodies.on) {
      const dto = compiledBodies.checks.check(value, metadata.metatype as new () => object);
      if (dto !== NOT_SURE) return dto;
    }
    if (metadata.type !== 'query' || !declared || !isFlat(value)) return super.transform(value, metadata);
    const metatype = metadata.metatype!;
    const key = JSON.stringify(value);
    let known = this.validQueries.get(metatype);
    const hit = known?.get(key);
    if (hit) return copyOf(hit);
    const result = await super.transform(value, metadata);
    if (isFlat(result)) {
      if (!known) this.validQueries.set(metatype, (known = new Map()));
      known.set(key, copyOf(result));
      if (known.size > VALID_QUERIES_PER_CLASS) known.delete(known.keys().next().value as string);
    }
    return result;
  }
}

/**
 * Bodies are first checked by rules compiled from the DTOs' decorators (compiled-validation.ts):
 * a valid body costs a fraction of class-transformer and class-validator, and anything else is
 * answered by the pipe itself, so every problem reported is the pipe's own.
 * compiled-validation.spec.ts holds the two to the same answers.
 */
const compiledBodies = { on: true, checks: new CompiledValidation(() => registrations) };

/** Turns the compiled check of bodies off (the pipe alone answers) or back on: for comparing the two. */
export function useCompiledBodies(on: boolean): void {
  compiledBodies.on = on;
}

/** Valid query strings remembered per query class (see LedgerValidationPipe). */
export const VALID_QUERIES_PER_CLASS = 256;

type Flat = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

/** Strings, numbers, booleans and lists of strings or numbers only: a copy one level deep shares nothing. */
function isFlat(value: unknown): value is Flat {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const member of Object.values(value)) {
    if (Array.isArray(member)) {
      if (!member.every((m) => typeof m === 'string' || typeof m === 'number')) return false;
    } else if (member !== undefined && typeof member === 'object') return false;
    else if (typeof member === 'function' || typeof member === 'symbol' || typeof member === 'bigint') return false;
  }
  return true;
}

function copyOf<T extends object>(value: T): T {
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [name, member] of Object.entries(value)) copy[name] = Array.isArray(member) ? [...member] : member;
  return copy as T;
}

function flatten(errors: readonly ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    if (error.value === undefined && error.constraints && !('whitelistValidation' in error.constraints)) {
      return [{ field, code: 'required', message: `${field} is required` }];
    }
    // Stacked decorators register bottom-up, so the one written first is the last key; class-validator
    // appends its own nestedValidation after them. A field that fails itself hides its children.
    const failed = Object.entries(error.constraints ?? {});
    const written = failed.filter(([constraint]) => constraint !== 'nestedValidation');
    const first = (written.length > 0 ? written : failed).at(-1);
    if (!first) return flatten(error.children ?? [], field);
    const [constraint, message] = first;
    return [
      {
        field,
        code: constraint === 'whitelistValidation' ? 'unknown-field' : constraint,
        message: constraint === 'whitelistValidation' ? `${field} is not a field of this request` : message,
      },
    ];
  });
}

/** A Kazakh IIN with a correct check digit. */
export function IsIin(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIin',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a 12-digit IIN with a valid check digit`, ...options },
      validator: { validate: (value: unknown) => isValidIin(value) },
    });
}

/**
 * An ISO-8601 date-time with a time zone, normalised to UTC with milliseconds. Dates that do not
 * exist (30 February) are refused rather than rolled over.
 */
export function IsInstant(options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    Transform(({ value }) => (typeof value === 'string' ? (normaliseInstant(value) ?? value) : value))(
      object,
      propertyName,
    );
    registerDecorator({
      name: 'isInstant',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an ISO-8601 date-time with a time zone, e.g. 2025-03-01T09:30:00Z`,
        ...options,
      },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
  };
}

export const CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9_]{0,63}$/;
export const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._]{0,31}$/;
export const SUBJECT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** A consent, withdrawal or disclosure id as the ledger gives it: a UUID in lowercase, compared as written. */
export const LEDGER_UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id from a path: malformed is 400, never a 404 that would say no such thing exists. */
export function idFromPath(
  value: string,
  field: string,
  pattern: RegExp,
  problem: { detail: string; code: string; message: string },
): string {
  if (!pattern.test(value)) {
    throw new ProblemException('invalid-request', problem.detail, {}, [
      { field, code: problem.code, message: problem.message },
    ]);
  }
  return value;
}

/** A person's pseudonym from a path, checked before it names anything (a stream, a key). */
export const assertSubjectId = (subjectId: string): string =>
  idFromPath(subjectId, 'subjectId', SUBJECT_ID_PATTERN, {
    detail: 'subjectId must be the 32-hex-digit pseudonym from /v1/subjects/resolve',
    code: 'matches',
    message: 'must be 32 lowercase hex digits',
  });

/** A consent, withdrawal or disclosure id from a path (see idFromPath). */
export const ledgerUuid = (value: string, field: string): string =>
  idFromPath(value, field, LEDGER_UUID_PATTERN, {
    detail: `${field} must be the UUID the ledger gave`,
    code: 'isUuid',
    message: 'must be a UUID in lowercase, as the ledger gave it',
  });

/**
 * A policy's id from a path (see idFromPath): what a policy can be named, else no such policy could
 * exist. It names the stream `policy-<id>`, kept in the log, every export and the changes feed for
 * good, so twelve digits that form an IIN are refused like an IIN in any free text.
 */
export const policyIdFromPath = (value: string): string => {
  if (containsIin(value)) throw iinInFreeText('policyId');
  return idFromPath(value, 'policyId', POLICY_ID_PATTERN, {
    detail: 'policyId must be lowercase letters, digits and _',
    code: 'matches',
    message: 'must match ' + POLICY_ID_PATTERN.source,
  });
};

/** A consent id in a body, as the ledger gave it: a UUID, in lowercase. */
export const LedgerUuidField = () =>
  applyDecorators(
    IsUUID(),
    Matches(LEDGER_UUID_PATTERN, { message: 'consentId must be the UUID the ledger gave, in lowercase' }),
  );

/**
 * An optional field: it may be left out, but `null` is not "left out" and is validated like any
 * other value (class-validator's IsOptional lets null through, and null then slips past `?? default`).
 */
export const OptionalField = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Composes property decorators so that they behave exactly as if stacked in this order. */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of [...decorators].reverse()) decorator(target, key);
  };
}

/** An optional whole number from a query string ("25" becomes 25), within [min, max]. */
export const QueryInt = (min: number, max?: number) =>
  stacked(
    OptionalField(),
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value)),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );

/**
 * The query of a route that takes none (`@Query(NoQueryParameters)`): any parameter is refused as the
 * validation pipe refuses an unknown field, rather than ignored — `?from=` on a whole export is no
 * period, and `?language=` on a receipt no translation.
 */
export class NoQueryParameters implements PipeTransform {
  transform(query: Record<string, unknown> | undefined): Record<string, unknown> {
    const names = Object.keys(query ?? {});
    if (names.length > 0) {
      // At most LISTED_ERRORS of them, as every refusal lists (the detail says how many there were).
      throw new ProblemException(
        'invalid-request',
        names.length > LISTED_ERRORS
          ? `the request does not match its schema (${names.length} problems, the first ${LISTED_ERRORS} listed)`
          : 'the request does not match its schema',
        {},
        names
          .slice(0, LISTED_ERRORS)
          .map((field) => ({ field, code: 'unknown-field', message: `${field} is not a field of this request` })),
      );
    }
    return {};
  }
}

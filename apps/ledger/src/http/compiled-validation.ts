import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

// class-transformer's own storage (its @Type and @Transform rules): not exported from its index.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: TransformerStorage;
};

/**
 * A body checked without class-transformer's and class-validator's machinery per call, from the
 * same decorators: each class's rules are read once from both libraries' metadata storages, and a
 * body is copied into its DTO and its constraints run exactly as the validation pipe would (the
 * same constraint objects, called with the same arguments). It only ever says "valid, here is the
 * DTO": anything it finds wrong, and anything it does not know — a kind of rule, an option, a value
 * that is not plain JSON — is answered NOT_SURE, and the pipe answers instead. So every problem a
 * caller sees is still the pipe's own (message, order, first constraint per field), and a rule the
 * compiler does not know can slow a body down but never let it through.
 *
 * The options are the ledger pipe's (ledgerValidationPipe): whitelist with unknown fields refused,
 * unknown values refused, no groups, nothing skipped, no implicit conversion. A change to them must
 * be made here too; the differential test (compiled-validation.spec.ts, beside this file) would show it.
 */
export const NOT_SURE: unique symbol = Symbol('not sure: ask the validation pipe');
type Answer = object | typeof NOT_SURE;

type Storage = ReturnType<typeof getMetadataStorage>;
type Rule = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Constraint = ReturnType<Storage['getTargetValidatorConstraints']>[number];
type Class = new () => object;

interface CheckedRule {
  readonly rule: Rule;
  readonly constraints: readonly Constraint[];
}

interface PropertyRules {
  readonly name: string;
  readonly conditions: readonly Rule[];
  /** IsDefined's rules first, as class-validator runs them, then the rest. */
  readonly checks: readonly CheckedRule[];
  /** For each nested rule, the schema its value is validated under (class-validator: the declaring class's name). */
  readonly nested: readonly string[];
}

interface ClassRules {
  readonly properties: readonly PropertyRules[];
  readonly known: ReadonlySet<string>;
}

const KNOWN_RULES = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
]);

/** Types class-transformer converts to or builds specially: a body naming one goes to the pipe. */
const SPECIAL_TYPES = new Set<unknown>([String, Number, Boolean, Date, Buffer, Map, Set, Promise, Object, Array]);

/** What class-transformer hands a @Transform function as its options (the pipe's, over its defaults). */
const TRANSFORM_OPTIONS = Object.freeze({
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
});

/** Thrown inside a check to give up on the body. */
class NotSure extends Error {}
const notSure = new NotSure();

export class CompiledValidation {
  private readonly rules = new Map<Class, Map<string | undefined, ClassRules | null>>();
  private generation = -1;

  /** @param generationNow counts rule registrations: compiled rules are dropped when it moves. */
  constructor(private readonly generationNow: () => number = () => 0) {}

  /** The body as its DTO, as the pipe would return it; or NOT_SURE. Leaves the body untouched. */
  check(body: unknown, dto: Class): Answer {
    if (!isPlainObject(body)) return NOT_SURE;
    const generation = this.generationNow();
    if (generation !== this.generation) {
      this.rules.clear();
      this.generation = generation;
    }
    try {
      const instance = this.toInstance(body, dto);
      return this.isValid(instance, undefined) ? instance : NOT_SURE;
    } catch (error) {
      if (error === notSure) return NOT_SURE;
      throw error;
    }
  }

  // ---- class-transformer's plainToInstance, for plain JSON values and classes without Expose/Exclude ----

  private toInstance(plain: Record<string, unknown>, type: Class): object {
    if (!transformable(type)) throw notSure;
    const instance = new type() as Record<string, unknown>;
    for (const key of Object.keys(plain)) {
      // The pipe strips these, and class-transformer skips a method or an accessor of the class. A
      // field without rules is unknown, which the pipe reports (and so what is remembered per field
      // is bounded by the classes' rules, not by what bodies send).
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw notSure;
      if (key in instance && !Object.prototype.hasOwnProperty.call(instance, key)) throw notSure;
      if (typeof instance[key] === 'function') throw notSure;
      if (!this.rulesOf(type, undefined)?.known.has(key)) throw notSure;
      const sub = plain[key];
      const { typed, transforms } = fieldOf(type, key);
      let subType: unknown;
      if (typed) {
        if (typed.options?.discriminator) throw notSure;
        subType = typed.typeFunction
          ? typed.typeFunction({ newObject: instance, object: plain, property: key })
          : typed.reflectedType;
        if (typed.reflectedType === Map) throw notSure;
      }
      const arrayType = Array.isArray(sub) ? typed?.reflectedType : undefined;
      let value = this.copy(sub, subType, arrayType);
      for (const transform of transforms) {
        value = transform.transformFn({
          value,
          key,
          obj: plain,
          type: TransformationType.PLAIN_TO_CLASS,
          options: TRANSFORM_OPTIONS,
        });
      }
      instance[key] = value;
    }
    return instance;
  }

  private copy(value: unknown, type: unknown, arrayType: unknown): unknown {
    if (type !== undefined && (SPECIAL_TYPES.has(type) || typeof type !== 'function')) throw notSure;
    if (value === null || value === undefined) return value;
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return value;
      case 'object':
        break;
      default:
        throw notSure;
    }
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) throw notSure;
      const copy = newArray(arrayType);
      for (let i = 0; i < value.length; i++) {
        // A gap is closed in place by the pipe before copying.
        if (!(i in value)) throw notSure;
        copy.push(this.copy((value as unknown[])[i], type, undefined));
      }
      return copy;
    }
    if (!isPlainObject(value)) throw notSure;
    if (type !== undefined) return this.toInstance(value, type as Class);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype' || key in copy) throw notSure;
      copy[key] = this.copy(value[key], undefined, undefined);
    }
    return copy;
  }

  // ---- class-validator's validate, answering only "every rule holds" ----

  private isValid(object: object, schema: string | undefined): boolean {
    const rules = this.rulesOf(object.constructor as Class, schema);
    if (!rules) throw notSure;
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!rules.known.has(key)) return false;
    for (const property of rules.properties) {
      const value = record[property.name];
      if (value instanceof Promise) throw notSure;
      let applies = true;
      for (const condition of property.conditions) {
        const holdsHere = Boolean((condition.constraints[0] as (o: object, v: unknown) => unknown)(object, value));
        applies = applies && holdsHere;
      }
      if (!applies) continue;
      for (const check of property.checks) if (!holds(check, object, value)) return false;
      for (const nestedSchema of property.nested) if (!this.nestedIsValid(value, nestedSchema)) return false;
    }
    return true;
  }

  private nestedIsValid(value: unknown, schema: string): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) {
      for (const item of value) if (!this.nestedIsValid(item, schema)) return false;
      return true;
    }
    if (value instanceof Set || value instanceof Map) throw notSure;
    if (value instanceof Object) return this.isValid(value, schema);
    return false;
  }

  private rulesOf(type: Class, schema: string | undefined): ClassRules | null {
    let bySchema = this.rules.get(type);
    if (!bySchema) this.rules.set(type, (bySchema = new Map()));
    let found = bySchema.get(schema);
    if (found === undefined) {
      found = compile(type, schema);
      bySchema.set(schema, found);
    }
    return found;
  }
}

/** The rules of a class as class-validator would apply them with the pipe's options, or null if any is unknown here. */
function compile(type: Class, schema: string | undefined): ClassRules | null {
  if (typeof type !== 'function') return null;
  const storage = getMetadataStorage();
  const all = storage.getTargetValidationMetadatas(type, schema as string, false, false, undefined);
  // No rules: class-validator refuses the value as unknown (forbidUnknownValues).
  if (all.length === 0) return null;
  const grouped = storage.groupByPropertyName(all);
  const properties: PropertyRules[] = [];
  for (const [name, rules] of Object.entries(grouped)) {
    if (rules.length === 0) return null;
    const conditions: Rule[] = [];
    const defined: CheckedRule[] = [];
    const custom: CheckedRule[] = [];
    const nested: string[] = [];
    for (const rule of rules) {
      if (!KNOWN_RULES.has(rule.type)) return null;
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        if (typeof rule.constraints?.[0] !== 'function') return null;
        conditions.push(rule);
      } else if (rule.type === ValidationTypes.NESTED_VALIDATION) {
        if (typeof rule.target !== 'function') return null;
        nested.push(rule.target.name);
      } else {
        const constraints = storage.getTargetValidatorConstraints(rule.constraintCls);
        if (constraints.some((c) => c.async)) return null;
        (rule.type === ValidationTypes.IS_DEFINED ? defined : custom).push({ rule, constraints });
      }
    }
    properties.push({ name, conditions, checks: [...defined, ...custom], nested });
  }
  return { properties, known: new Set(Object.keys(grouped)) };
}

/** One rule on one value, as class-validator's customValidations runs it. */
function holds({ rule, constraints }: CheckedRule, object: object, value: unknown): boolean {
  if (rule.validateIf && !rule.validateIf(object, value)) return true;
  for (const constraint of constraints) {
    // A new arguments object for each constraint, as class-validator gives (a validator may keep it).
    const args = {
      targetName: (object.constructor ? object.constructor.name : undefined) as string,
      property: rule.propertyName,
      object,
      value,
      constraints: rule.constraints,
    };
    const instance = constraint.instance;
    if (rule.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      if (!Array.isArray(value)) throw notSure;
      for (const item of value) if (!validated(instance, item, args)) return false;
    } else if (!validated(instance, value, args)) return false;
  }
  return true;
}

/** A constraint's verdict on a value; a promise (an async validator) is not sure. (No closure per call.) */
function validated(instance: Constraint['instance'], value: unknown, args: object): boolean {
  const result = instance.validate(value, args as never) as unknown;
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    throw notSure;
  }
  return Boolean(result);
}

type TypeRule = ReturnType<typeof defaultMetadataStorage.findTypeMetadata>;
type TransformRules = ReturnType<typeof defaultMetadataStorage.findTransformMetadatas>;
const fields = new WeakMap<Class, Map<string, { typed: TypeRule; transforms: TransformRules }>>();

/**
 * A field's @Type and its @Transform functions (as class-transformer picks them without groups or
 * versions), looked up once: class-transformer looks through the class and its ancestors for every
 * field of every body.
 */
function fieldOf(type: Class, key: string): { typed: TypeRule; transforms: TransformRules } {
  let ofType = fields.get(type);
  if (!ofType) fields.set(type, (ofType = new Map()));
  let found = ofType.get(key);
  if (!found) {
    const transforms = defaultMetadataStorage.findTransformMetadatas(type, key, TransformationType.PLAIN_TO_CLASS);
    if (
      transforms.some(
        (t) => t.options?.groups?.length || t.options?.since !== undefined || t.options?.until !== undefined,
      )
    ) {
      throw notSure;
    }
    found = { typed: defaultMetadataStorage.findTypeMetadata(type, key), transforms };
    ofType.set(key, found);
  }
  return found;
}

/** A class whose keys class-transformer takes as they come: no Expose or Exclude anywhere on it. */
function transformable(type: Class): boolean {
  return (
    typeof type === 'function' &&
    defaultMetadataStorage.getStrategy(type) === 'none' &&
    defaultMetadataStorage.getExposedMetadatas(type).length === 0 &&
    defaultMetadataStorage.getExcludedMetadatas(type).length === 0
  );
}

/** class-transformer's array for a property's reflected type: a plain array, or not sure. */
function newArray(arrayType: unknown): unknown[] {
  if (arrayType === undefined || arrayType === Array) return [];
  if (typeof arrayType !== 'function') throw notSure;
  const made = new (arrayType as new () => unknown)();
  if (made instanceof Set) throw notSure;
  if (made !== null && typeof made === 'object' && 'push' in made) {
    if (Array.isArray(made) && Object.getPrototypeOf(made) === Array.prototype && made.length === 0) return made;
    throw notSure;
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

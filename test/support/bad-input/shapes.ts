import { getMetadataStorage } from 'class-validator';
import { LENDER_CATALOGUE } from '@ledger/consent-domain';
import { CODE_PATTERN } from '../../../apps/ledger/src/http/validation';

/**
 * The fields of a command's body as the ledger itself describes them: names, types, nesting,
 * required fields and enums from the OpenAPI document it serves; lengths, bounds, patterns and the
 * rule each string obeys from the DTO's class-validator metadata. Nothing here repeats a DTO.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };
export type Path = readonly (string | number)[];

export interface Field {
  readonly path: Path;
  readonly type: 'string' | 'boolean' | 'codes' | 'object' | 'objects';
  /** Leaving it out of the base body makes the request invalid. */
  readonly required: boolean;
  /** How a string is checked; `text` admits any content within its length (so do e-mail and URL, nearly). */
  readonly rule?: 'iin' | 'instant' | 'uuid' | 'enum' | 'code' | 'pattern' | 'email' | 'url' | 'text';
  readonly pattern?: RegExp;
  /** enum, code, codes: the values valid here. */
  readonly allowed?: readonly string[];
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** codes, objects: an element that is valid on its own. */
  readonly item?: Json;
}

/** Content a free-text field takes: a pattern that admits it does not constrain content. */
const FREE_SAMPLE = 'Жанар O’Neil, 2/3 a.b-c';

const codes = (list: readonly { code: string }[]) => list.map((c) => c.code);
/** The catalogue list a code field draws from. */
const CATALOGUE: Record<string, readonly string[]> = {
  purposes: codes(LENDER_CATALOGUE.purposes),
  purpose: codes(LENDER_CATALOGUE.purposes),
  dataCategories: codes(LENDER_CATALOGUE.dataCategories),
  recipients: codes(LENDER_CATALOGUE.recipients),
  recipient: codes(LENDER_CATALOGUE.recipients),
  legalBasis: codes(LENDER_CATALOGUE.legalBases),
};

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

interface Constraint {
  readonly type: string;
  readonly name?: string;
  readonly constraints?: unknown[];
  readonly each?: boolean;
}

/** class-validator's metadata of the DTO class the OpenAPI schema is named after, by property. */
function constraintsOf(className: string): Map<string, Constraint[]> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, unknown>;
    getTargetValidationMetadatas(target: unknown, schema: string, always: boolean, strict: boolean): Constraint[];
  };
  const target = [...storage.validationMetadatas.keys()].find((t) => t.name === className);
  if (!target) throw new Error(`no class-validator metadata for ${className}`);
  const byProperty = new Map<string, Constraint[]>();
  for (const m of storage.getTargetValidationMetadatas(target, '', true, false) as (Constraint & {
    propertyName: string;
  })[]) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  return byProperty;
}

const refOf = (s: Schema) => (s.$ref ?? s.allOf?.[0]?.$ref)?.split('/').pop();

/** The fields of the body `POST template` takes, walked where `base` has values (and every top-level one). */
export function fieldsOf(doc: OpenApi, template: string, base: Body): Field[] {
  const schema = doc.paths[template]?.post?.requestBody?.content['application/json']?.schema;
  const name = schema && refOf(schema);
  if (!name) throw new Error(`the OpenAPI document has no JSON body for POST ${template}`);
  return walk(doc, name, [], base);
}

function walk(doc: OpenApi, name: string, at: Path, value: Json | undefined): Field[] {
  const schema = doc.components.schemas[name];
  const byProperty = constraintsOf(name);
  const parent = (value ?? {}) as Body;
  return Object.entries(schema.properties ?? {}).flatMap(([property, p]): Field[] => {
    const path = [...at, property];
    const own = byProperty.get(property) ?? [];
    const named = (n: string) => own.find((c) => c.name === n);
    // A condition (ValidateIf) decides for itself whether a missing value is checked.
    const conditions = own.filter((c) => c.type === 'conditionalValidation');
    const required =
      conditions.length > 0
        ? conditions.every((c) =>
            (c.constraints![0] as (o: object, v: unknown) => boolean)({ ...parent, [property]: undefined }, undefined),
          )
        : (schema.required ?? []).includes(property);
    const bounds = {
      minItems: named('arrayMinSize')?.constraints?.[0] as number | undefined,
      maxItems: named('arrayMaxSize')?.constraints?.[0] as number | undefined,
    };
    const child = parent[property];
    const ref = refOf(p);
    if (ref) {
      const here: Field = { path, type: 'object', required };
      return child === undefined || child === null ? [here] : [here, ...walk(doc, ref, path, child)];
    }
    if (p.type === 'array' && p.items && refOf(p.items)) {
      const item = Array.isArray(child) ? child[0] : undefined;
      const here: Field = { path, type: 'objects', required, ...bounds, item };
      return item === undefined ? [here] : [here, ...walk(doc, refOf(p.items)!, [...path, 0], item)];
    }
    if (p.type === 'array') {
      const allowed = CATALOGUE[property];
      const item = (Array.isArray(child) ? child[0] : undefined) ?? allowed?.[0] ?? null;
      return [{ path, type: 'codes', required, ...bounds, allowed, item }];
    }
    if (p.type === 'boolean') return [{ path, type: 'boolean', required }];
    const pattern = named('matches')?.constraints?.[0] as RegExp | undefined;
    const maxLength = named('isLength')?.constraints?.[1] as number | undefined;
    const rule: Field['rule'] = named('isIin')
      ? 'iin'
      : named('isInstant')
        ? 'instant'
        : named('isUuid')
          ? 'uuid'
          : p.enum
            ? 'enum'
            : pattern?.source === CODE_PATTERN.source
              ? 'code'
              : named('isEmail')
                ? 'email'
                : named('isUrl')
                  ? 'url'
                  : pattern && !pattern.test(FREE_SAMPLE)
                    ? 'pattern'
                    : 'text';
    const allowed = p.enum ?? (rule === 'code' ? CATALOGUE[property] : undefined);
    return [{ path, type: 'string', required, rule, pattern, allowed, maxLength }];
  });
}

// ---------------------------------------------------------------------------------------------
// Body paths

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function getAt(body: Json | undefined, path: Path): Json | undefined {
  let node = body;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[step];
  }
  return node;
}

/** A copy of `body` with the value at `path` replaced (or removed, for undefined). */
export function setAt(body: Body, path: Path, value: Json | undefined): Body {
  const copy = clone(body);
  const node = getAt(copy, path.slice(0, -1)) as Record<string, Json> & Json[];
  const last = path[path.length - 1];
  if (value !== undefined) node[last as string] = value;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last as string];
  return copy;
}

export const show = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(body)';

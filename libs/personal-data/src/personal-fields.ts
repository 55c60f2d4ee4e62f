import { Sealed } from './sealing';

/** What stands where a personal value was, when its owner's key was already destroyed. */
export interface Withheld {
  readonly $withheld: 'erased';
}

export const WITHHELD: Withheld = { $withheld: 'erased' };

export function isWithheld(value: unknown): value is Withheld {
  return typeof value === 'object' && value !== null && '$withheld' in value;
}

/**
 * Applies `change` to the values at `paths` ('reference', 'evidence[].reference'); absent values are
 * left out. Returns a copy; the input is not changed.
 */
export function mapFields<T>(data: T, paths: readonly string[], change: (value: unknown) => unknown): T {
  let out: unknown = data;
  for (const path of paths) out = mapPath(out, path.split('.'), change);
  return out as T;
}

function mapPath(node: unknown, parts: readonly string[], change: (value: unknown) => unknown): unknown {
  if (node === null || typeof node !== 'object' || parts.length === 0) return node;
  const [head, ...rest] = parts;
  const list = head.endsWith('[]');
  const name = list ? head.slice(0, -2) : head;
  const record = node as Record<string, unknown>;
  if (!(name in record) || record[name] === undefined) return node;
  const value = record[name];
  let next: unknown;
  if (list) {
    next = Array.isArray(value)
      ? value.map((item) => (rest.length ? mapPath(item, rest, change) : change(item)))
      : value;
  } else {
    next = rest.length ? mapPath(value, rest, change) : change(value);
  }
  return { ...record, [name]: next };
}

/** Seals each personal value at `paths` (strings and objects alike); a value already sealed stays. */
export function sealFields<T>(data: T, paths: readonly string[], seal: (value: unknown) => Sealed | Withheld): T {
  return mapFields(data, paths, (value) =>
    typeof value === 'object' && value !== null && ('$sealed' in value || '$withheld' in value) ? value : seal(value),
  );
}

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
  for (const path of paths) out = mapPath(out, stepsOf(path), 0, change);
  return out as T;
}

/** A path's steps, each read once: the same few paths are followed for every event written. */
interface Step {
  readonly name: string;
  readonly list: boolean;
}

const STEPS = new Map<string, readonly Step[]>();

function stepsOf(path: string): readonly Step[] {
  let steps = STEPS.get(path);
  if (!steps) {
    steps = path.split('.').map((part) => {
      const list = part.endsWith('[]');
      return { name: list ? part.slice(0, -2) : part, list };
    });
    // (Bounded: the paths are the event types' own list, not anything a caller sends.)
    if (STEPS.size < 1024) STEPS.set(path, steps);
  }
  return steps;
}

function mapPath(node: unknown, steps: readonly Step[], at: number, change: (value: unknown) => unknown): unknown {
  if (node === null || typeof node !== 'object' || at >= steps.length) return node;
  const { name, list } = steps[at];
  const record = node as Record<string, unknown>;
  if (!(name in record) || record[name] === undefined) return node;
  const value = record[name];
  const last = at === steps.length - 1;
  let next: unknown;
  if (list) {
    next = Array.isArray(value)
      ? value.map((item) => (last ? change(item) : mapPath(item, steps, at + 1, change)))
      : value;
  } else {
    next = last ? change(value) : mapPath(value, steps, at + 1, change);
  }
  return { ...record, [name]: next };
}

/** Seals each personal value at `paths` (strings and objects alike); a value already sealed stays. */
export function sealFields<T>(data: T, paths: readonly string[], seal: (value: unknown) => Sealed | Withheld): T {
  return mapFields(data, paths, (value) =>
    typeof value === 'object' && value !== null && ('$sealed' in value || '$withheld' in value) ? value : seal(value),
  );
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, undefined members left
 * out, strings and numbers as JSON.stringify writes them. For the values the ledger stores (strings,
 * booleans, integers, null, arrays, objects) this is RFC 8785 (JCS).
 *
 * It defines every hash in the ledger, so its output must never change; canonical-json.spec.ts holds
 * it to the first, plainer version byte for byte. This one is written for speed (exports and the
 * log-chain projection run it once per event): a value that is plain JSON whose keys are already in
 * order — as the ledger now stores its events (see `canonicalCopy`) — is written by JSON.stringify
 * itself; anything else is built in one string, with no intermediate entry arrays.
 */
export function canonicalJson(value: unknown): string {
  return inCanonicalOrder(value) ? JSON.stringify(value) : build(value);
}

/** A JSON object: neither null nor an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of a plain JSON value with every object's keys in canonical order (undefined members left
 * out), so that JSON.stringify writes its canonical JSON. Keys that look like array indices still
 * come first in JavaScript objects; such values take the slower path, with the same result.
 */
export function canonicalCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonicalCopy) as T;
  const copy: Record<string, unknown> = {};
  for (const key of sortedKeys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    setOwn(copy, key, canonicalCopy(member));
  }
  return copy as T;
}

/** Sets a member; an own "__proto__" member (JSON.parse makes one) stays a member, not the prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else object[key] = value;
}

/**
 * `value` itself when JSON.stringify already writes its canonical JSON (as for what `canonicalCopy`
 * returned), else its canonical copy: checking is cheaper than copying again.
 */
export function inCanonicalForm<T>(value: T): T {
  return inCanonicalOrder(value) ? value : canonicalCopy(value);
}

/**
 * A copy of `object` — whose keys are in canonical order — with `key` set to `value` where canonical
 * order puts it (the object's own values are shared, not copied).
 */
export function withMember(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  let placed = false;
  for (const k in object) {
    if (k === key) continue;
    if (!placed && key < k) {
      setOwn(copy, key, value);
      placed = true;
    }
    setOwn(copy, k, object[k]);
  }
  if (!placed) setOwn(copy, key, value);
  return copy;
}

/**
 * The canonical JSON of `value` and the text JSON.stringify writes of it: one text, written once,
 * when the value is already in canonical form (as `canonicalCopy` and `inCanonicalForm` leave
 * nearly every value: an event's hash and its stored row then share one serialisation).
 */
export function jsonTexts(value: unknown): { readonly canonical: string; readonly plain: string } {
  if (inCanonicalOrder(value)) {
    const text = JSON.stringify(value);
    return { canonical: text, plain: text };
  }
  return { canonical: build(value), plain: JSON.stringify(value) };
}

/**
 * An object in canonical form as its members' JSON texts (`"key":value`), in order, with their
 * keys; undefined when it is not in canonical form. Joined with commas inside braces they are both
 * its canonical JSON and what JSON.stringify writes, so a member can be added without writing the
 * rest again.
 */
export function memberTexts(
  object: Record<string, unknown>,
): { readonly keys: string[]; readonly texts: string[] } | undefined {
  if (!inCanonicalOrder(object)) return undefined;
  const keys: string[] = [];
  const texts: string[] = [];
  for (const key in object) {
    const member = object[key];
    if (member === undefined) continue;
    keys.push(key);
    texts.push(`${JSON.stringify(key)}:${JSON.stringify(member)}`);
  }
  return { keys, texts };
}

/**
 * Whether JSON.stringify writes exactly the canonical JSON of `value`: plain objects with their keys
 * in order, arrays without holes or undefined items, finite numbers, and nothing JSON.stringify would
 * drop or convert (functions, symbols, toJSON, bigints).
 */
function inCanonicalOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined || !inCanonicalOrder(item)) return false;
        }
        return true;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      let previous: string | undefined;
      for (const key in value) {
        if (previous !== undefined && !(previous < key)) return false;
        const member = (value as Record<string, unknown>)[key];
        if (member !== undefined && !inCanonicalOrder(member)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * An object's keys in canonical order (UTF-16 code units, as Array.prototype.sort's default):
 * sorted in place by insertion, without the work array `sort` allocates on every call. The ledger's
 * objects have a handful of keys, often in order already; a large one is left to `sort`.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function build(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical JSON has no place for NaN or Infinity');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>);
    default:
      // undefined, functions and symbols read as null, as JSON.stringify leaves them; a bigint throws.
      return JSON.stringify(value) ?? 'null';
  }
}

function arrayJson(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const item = array[i];
    // A hole stays empty (as Array.prototype.map and join leave it); an undefined item is null.
    if (item === undefined) out += i in array ? 'null' : '';
    else out += build(item);
  }
  return out + ']';
}

function objectJson(object: Record<string, unknown>): string {
  const keys = sortedKeys(object);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (first) first = false;
    else out += ',';
    out += JSON.stringify(key);
    out += ':';
    out += build(member);
  }
  return out + '}';
}

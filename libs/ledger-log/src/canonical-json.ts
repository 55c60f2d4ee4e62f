/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, undefined members left
 * out, strings and numbers as JSON.stringify writes them. For the values the ledger stores (strings,
 * booleans, integers, null, arrays, objects) this is RFC 8785 (JCS).
 *
 * It defines every hash in the ledger, so its output must never change; canonical-json.spec.ts holds
 * it to the first, plainer version byte for byte. This one is written for speed (exports and audits
 * run it once per event): one string built in place, no intermediate entry arrays.
 */
export function canonicalJson(value: unknown): string {
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
    else out += canonicalJson(item);
  }
  return out + ']';
}

function objectJson(object: Record<string, unknown>): string {
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (first) first = false;
    else out += ',';
    out += JSON.stringify(key);
    out += ':';
    out += canonicalJson(member);
  }
  return out + '}';
}

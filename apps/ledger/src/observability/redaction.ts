/**
 * What the ledger writes to its logs never carries a person's identifiers or a secret, whatever a
 * library or an error message puts in: IIN-like numbers, e-mail addresses, phone numbers, bearer
 * tokens, key material.
 */
const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[key]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[token]'],
  [/\bBearer\s+\S+/gi, 'Bearer [token]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/(?<!\d)\+?\d{10,15}(?!\d)/g, '[number]'],
  [/\b[0-9a-fA-F]{64,}\b/g, '[hex]'],
];

/** Any value in, a string without identifiers or secrets out (undefined and objects included). */
export function redact(text: unknown): string {
  const value = typeof text === 'string' ? text : text === undefined ? '' : String(text);
  return PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), value);
}

import { containsIin } from '@ledger/consent-domain';
import { ProblemException } from './problems';

const MAX_DEPTH = 16;
/**
 * Names an object inherits, and `prototype`: the validation pipe drops such fields silently, so
 * they are refused here instead.
 */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Fields that are not free text: an IIN is expected (or impossible) there. */
const NOT_FREE_TEXT = new Set(['iin', 'sha256', 'subject', 'subjectId', 'consentId']);

export const iinInFreeText = (field: string) =>
  new ProblemException(
    'iin-in-free-text',
    `${field} holds an IIN: free text and keys must not name a person (send the IIN only in the iin field)`,
    {},
    [{ field, code: 'iin-in-free-text', message: 'must not contain an IIN' }],
  );

/**
 * What no request of the ledger's has: nesting deeper than MAX_DEPTH (deeper still would exhaust
 * the stack while transforming), or a field named after an inherited member (`constructor`,
 * `toString`…), which would otherwise vanish instead of being refused as unknown.
 */
export function shapeProblem(value: unknown): ProblemException | undefined {
  const stack: { node: unknown; path: string; depth: number; freeText: boolean }[] = [
    { node: value, path: '', depth: 0, freeText: true },
  ];
  while (stack.length > 0) {
    const { node, path, depth, freeText } = stack.pop()!;
    if (typeof node === 'string') {
      if (freeText && containsIin(node)) return iinInFreeText(path);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) {
      return new ProblemException('invalid-request', `the body is nested deeper than ${MAX_DEPTH} levels`, {}, [
        { field: path || '(body)', code: 'too-deep', message: `nested deeper than ${MAX_DEPTH} levels` },
      ]);
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(node) && INHERITED.has(key)) {
        return new ProblemException('invalid-request', 'the request does not match its schema', {}, [
          { field: childPath, code: 'unknown-field', message: `${childPath} is not a field of this request` },
        ]);
      }
      // The IIN has its own field, digests and ids are not free text, and the person's identifiers are
      // sealed: not scanned for IINs, but their depth is still bounded (the transform recurses).
      const scan = freeText && (Array.isArray(node) || !NOT_FREE_TEXT.has(key));
      stack.push({ node: child, path: childPath, depth: depth + 1, freeText: scan });
    }
  }
  return undefined;
}

import { containsIin } from '@ledger/consent-domain';
import { ProblemException } from './problems';

const MAX_DEPTH = 16;
/**
 * The longest list any request of the ledger's takes (a list of catalogue codes). A longer one is
 * refused before validation, which would otherwise check every item of it — a 12 KB body of 4,000
 * empty evidence objects took a quarter of a second of the main thread.
 */
const MAX_ITEMS = 64;
/**
 * Names an object inherits, and `prototype`: the validation pipe drops such fields silently, so
 * they are refused here instead.
 */
export const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Fields that are not free text: an IIN is expected (or impossible) there. An instant is kept only as
 * the ledger's own form of it: ten digits of a second read as an IIN, refused as iin-in-free-text.
 */
const NOT_FREE_TEXT = new Set([
  'iin',
  'sha256',
  'subject',
  'subjectId',
  'consentId',
  'notificationId',
  'occurredAt',
  'effectiveFrom',
  'until',
]);

export const iinInFreeText = (field: string) =>
  new ProblemException(
    'iin-in-free-text',
    `${field} holds an IIN: free text and keys must not name a person (send the IIN only in the iin field)`,
    {},
    [{ field, code: 'iin-in-free-text', message: 'must not contain an IIN' }],
  );

/**
 * What no request of the ledger's has: nesting deeper than MAX_DEPTH (deeper still would exhaust
 * the stack while transforming), a list longer than MAX_ITEMS, or a field named after an inherited member (`constructor`,
 * `toString`…), which would otherwise vanish instead of being refused as unknown.
 */
export function shapeProblem(value: unknown): ProblemException | undefined {
  const stack: { node: unknown; path: string; depth: number; freeText: boolean }[] = [
    { node: value, path: '', depth: 0, freeText: true },
  ];
  while (stack.length > 0) {
    const { node, path, depth, freeText } = stack.pop()!;
    if (typeof node === 'string') {
      if (!wellFormed(node)) return notUnicode(path || '(body)');
      if (freeText && containsIin(node)) return iinInFreeText(path);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) {
      return new ProblemException('invalid-request', `the body is nested deeper than ${MAX_DEPTH} levels`, {}, [
        { field: path || '(body)', code: 'too-deep', message: `nested deeper than ${MAX_DEPTH} levels` },
      ]);
    }
    if (Array.isArray(node) && node.length > MAX_ITEMS) {
      const field = path || '(body)';
      return new ProblemException('invalid-request', 'the request does not match its schema', {}, [
        { field, code: 'arrayMaxSize', message: `${field} must contain no more than ${MAX_ITEMS} elements` },
      ]);
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!wellFormed(key)) return notUnicode(path || '(body)');
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

/**
 * JSON may escape a lone surrogate (`"\ud800"`), which is no character: I-JSON forbids it (RFC 7493
 * §2.1), the canonical form events are hashed in rests on I-JSON (RFC 8785), and validators that
 * encode text throw on it (validator.js's isEmail: a 500 before this check).
 */
function wellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

function notUnicode(field: string): ProblemException {
  return new ProblemException('invalid-request', 'the request does not match its schema', {}, [
    { field, code: 'not-unicode', message: `${field} holds a lone surrogate, which is not Unicode text` },
  ]);
}

/**
 * The first member given twice in one object of valid JSON text, by its path. JSON.parse keeps the
 * last of them silently, so `{"iin": A, …, "iin": B}` would be a consent for B that also names A:
 * the body is ambiguous (RFC 8259 §4) and is refused instead.
 */
export function repeatedMember(text: string): string | undefined {
  // One frame per open object or array: the names seen (objects only), the path down to it, and
  // its current member (a name, or an item's index). Paths are written only where one is needed:
  // every row of an import is scanned here, and most have no nested object.
  const frames: { names?: Set<string>; path: string; member: string | number }[] = [];
  let awaitingName = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (ch === QUOTE) {
      // The string ends at the next quote that an odd run of backslashes does not escape.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return undefined; // (not JSON: never the case here, the text was parsed first)
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes += 1;
        if (slashes % 2 === 0) break;
      }
      if (awaitingName && top?.names) {
        const spelt = text.slice(i + 1, end);
        const name = spelt.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : spelt;
        if (top.names.has(name)) return memberPath(top.path, name);
        top.names.add(name);
        top.member = name;
        awaitingName = false;
      }
      i = end;
    } else if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      const path =
        top === undefined ? '' : top.names ? memberPath(top.path, top.member as string) : `${top.path}[${top.member}]`;
      frames.push(ch === OPEN_OBJECT ? { names: new Set(), path, member: path } : { path, member: 0 });
      awaitingName = ch === OPEN_OBJECT;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      frames.pop();
      awaitingName = false;
    } else if (ch === COMMA && top) {
      if (top.names) awaitingName = true;
      else top.member = (top.member as number) + 1;
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

const memberPath = (path: string, name: string) => (path ? `${path}.${name}` : name);

export const repeatedMemberDetail = (field: string) => ({
  field,
  code: 'duplicate-field',
  message: `${field} is given more than once`,
});

export const repeatedMemberProblem = (field: string) =>
  new ProblemException('invalid-request', `${field} is given twice: the request is ambiguous`, {}, [
    repeatedMemberDetail(field),
  ]);

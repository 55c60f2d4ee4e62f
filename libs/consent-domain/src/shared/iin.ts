/**
 * The Kazakh individual identification number: 12 digits, the last a check digit over the first
 * eleven (weights 1..11, then 3..11,1,2 when the first sum leaves 10). The date and sex digits are
 * deliberately not checked: since 2013 they need not match the person (Government Decree 853).
 */
export function isValidIin(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const check = iinCheckDigit(digits.slice(0, 11));
  return check !== undefined && check === digits[11];
}

/** The check digit for eleven leading digits, or undefined when no valid IIN starts with them. */
export function iinCheckDigit(first11: readonly number[]): number | undefined {
  const weighted = (weights: readonly number[]) => first11.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check === 10 ? undefined : check;
}

const UUID = /(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/gi;

/**
 * Whether free text holds something that is an IIN: twelve digits with a valid check digit, standing
 * alone or written in groups (spaces, dashes or dots between digits). Free text is never the place
 * for an IIN: it would outlive the person's erasure in places their key does not reach.
 */
export function containsIin(text: string): boolean {
  return !tooFewDigits(text) && scanForIin(text);
}

/**
 * Text that cannot hold twelve digits: shorter than twelve, or ASCII with fewer than twelve of 0-9
 * (every other script's digit, and every format character, is outside ASCII). Most free text —
 * codes, keys, references — is cleared here without the scan's regular expressions.
 */
function tooFewDigits(text: string): boolean {
  if (text.length < 12) return true;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return false;
    if (c >= 0x30 && c <= 0x39 && ++digits === 12) return false;
  }
  return true;
}

/** containsIin without its shortcut (exported for the test that holds the two to the same answers). */
export function scanForIin(text: string): boolean {
  text = asciiDigits(text);
  // A UUID (a notification id, a client's idempotency key) is not digits in groups: read across its
  // dashes, about one random UUID in five hundred would "hold" an IIN. Only its last group, twelve
  // characters, could be one.
  text = text.replace(UUID, (uuid) => ` ${uuid.slice(24)} `);
  const runs = [
    ...text.matchAll(/(?<!\d)\d{12}(?!\d)/g),
    ...text.matchAll(/(?<!\d[\s.\p{Pd}]?)\d(?:[\s.\p{Pd}]?\d){11}(?![\s.\p{Pd}]?\d)/gu),
  ];
  return runs.some((match) => isValidIin(match[0].replace(/[\s.\p{Pd}]/gu, '')));
}

/**
 * The same text with every decimal digit as ASCII (full-width, Arabic-Indic and the other scripts'
 * digits read as the number they are) and invisible format characters (zero-width spaces, soft
 * hyphens) dropped: an IIN written with them is still an IIN.
 */
function asciiDigits(text: string): string {
  return text.replace(/\p{Cf}/gu, '').replace(/\p{Nd}/gu, (digit) => {
    if (digit <= '9') return digit;
    // Unicode encodes each script's digits as runs from 0 to 9, side by side: count back to where they start.
    const at = digit.codePointAt(0)!;
    let start = at;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((at - start) % 10);
  });
}

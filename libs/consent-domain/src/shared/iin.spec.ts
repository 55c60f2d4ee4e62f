import fc from 'fast-check';
import { containsIin, iinCheckDigit, isValidIin, scanForIin } from './iin';

describe('IIN check digit', () => {
  it('computes the first-pass check digit', () => {
    // 1*9+2*0+3*0+4*1+5*0+6*1+7*3+8*0+9*0+10*0+11*1 = 51; 51 mod 11 = 7
    expect(iinCheckDigit([9, 0, 0, 1, 0, 1, 3, 0, 0, 0, 1])).toBe(7);
    expect(isValidIin('900101300017')).toBe(true);
    expect(isValidIin('900101300018')).toBe(false);
  });

  it('falls back to the second weights when the first sum leaves 10', () => {
    // first pass: 1*0+2*0+3*0+4*0+5*0+6*0+7*0+8*0+9*0+10*1+11*0 = 10 -> second pass: 10th weight is 1 -> 1
    expect(iinCheckDigit([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])).toBe(1);
    expect(isValidIin('000000000110')).toBe(false);
    expect(isValidIin('000000000101')).toBe(true);
  });

  it('rejects first eleven digits for which both passes leave 10', () => {
    // Search exhaustively in a small family for a prefix with no valid check digit.
    const prefix = findPrefixWithoutCheckDigit();
    expect(iinCheckDigit(prefix)).toBeUndefined();
    for (let d = 0; d <= 9; d++) expect(isValidIin(prefix.join('') + d)).toBe(false);
  });

  it('does not judge the date or sex digits (Government Decree 853)', () => {
    // month 13, day 45 and century digit 0 still pass when the check digit is right
    const digits = [9, 9, 1, 3, 4, 5, 0, 1, 2, 3, 4];
    const check = iinCheckDigit(digits);
    expect(check).toBeDefined();
    expect(isValidIin(digits.join('') + check)).toBe(true);
  });

  it.each([['12345678901'], ['1234567890123'], ['12345678901a'], [''], [123456789012], [null]])(
    'rejects %p',
    (value) => {
      expect(isValidIin(value)).toBe(false);
    },
  );
});

function findPrefixWithoutCheckDigit(): number[] {
  for (let n = 0; n < 10_000_000; n++) {
    const digits = n.toString().padStart(11, '0').split('').map(Number);
    if (iinCheckDigit(digits) === undefined) return digits;
  }
  throw new Error('no such prefix found');
}

describe('an IIN inside free text', () => {
  it.each([
    ['900101300017'],
    ['ref 900101300017'],
    ['sms-gw/900101300017/2'],
    ['9001 0130 0017'],
    ['900101-300017'],
    ['9.0.0.1.0.1.3.0.0.0.1.7'],
    ['grant-900101300017'],
    ['cmd-9001 0130 0017'],
    ['for 9001-0130-0017.'],
    // A UUID's last group is twelve characters: an IIN there is still one.
    ['3f2a9c1e-7b4d-4e8a-9c2f-900101300017'],
    // Written in other digits, or with invisible or typographic separators, it is still an IIN.
    ['９００１０１３０００１７'],
    ['٩٠٠١٠١٣٠٠٠١٧'],
    ['𝟗𝟎𝟎𝟏𝟎𝟏𝟑𝟎𝟎𝟎𝟏𝟕'],
    ['90010130\u200b0017'],
    ['9001\u00ad0130\u00ad0017'],
    ['900101\u2013300017'],
  ])('is found in %p', (text) => {
    expect(containsIin(text)).toBe(true);
  });

  it.each([
    ['900101300018'],
    ['9001013000170'],
    ['1900101300017'],
    ['１９００１０１３０００１７'],
    ['sms-gw/784512'],
    ['+7 701 123 45 67'],
    ['2025-11-27'],
    ['Алматинский городской суд, дело 2-1234/2026'],
    ['900101300018 and 123'],
    // Random UUIDs whose digits, read across the dashes, would spell a valid IIN.
    ['abcdefab-9001-0130-0017-abcdefabcdef'],
    ['e9c4a1b2-c3d4-4900-1013-00017abcdef1'],
  ])('is not found in %p', (text) => {
    expect(containsIin(text)).toBe(false);
  });

  it('is answered by the digit count’s shortcut exactly as by the full scan', () => {
    // Text around the shortcut's edges: eleven to thirteen digits, separators, other scripts' digits
    // and invisible characters among ASCII, lengths near twelve.
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'0123456789') },
      { weight: 2, arbitrary: fc.constantFrom(' ', '-', '.', '/', ':', 'a', 'f', 'x', 'T', 'Z') },
      { weight: 1, arbitrary: fc.constantFrom('\u00ad', '\u200b', '\u2013', '٣', '９', '𝟗', 'é', 'Ж') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')),
          fc.integer({ min: 0, max: 99_999 }).map((n) => `ref-${String(n * 7919).padStart(12, '0')}`),
          fc.string(),
        ),
        (text) => containsIin(text) === scanForIin(text),
      ),
      { numRuns: 5000 },
    );
  });
});

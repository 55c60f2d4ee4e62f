import fc from 'fast-check';
import { correlationId, redact, redactAlways } from './redaction';

describe('redact', () => {
  it('returns what every pattern run gives, for any text: its first test only skips texts none can match', () => {
    // Texts built from the pieces the patterns look for, so that near-misses are common.
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '0',
      '7',
      '+',
      '-',
      '.',
      '@',
      ' ',
      'x.kz',
      'eyJ',
      'Bearer ',
      'bearer\\t',
      '-----BEGIN KEY-----',
      '-----END KEY-----',
      'f',
      'E',
      '1234567890',
      '77011234567',
      'deadbeef'.repeat(8),
      '\n',
      'é',
      '_',
    );
    const texts = fc.oneof(
      fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
      fc.string(),
      fc.string({ unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(redact(text)).toBe(redactAlways(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('still scrubs what it must', () => {
    expect(redact('sms-77011234567')).toBe('sms-[number]');
    expect(redact('to aliya@example.kz')).toBe('to [email]');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [token]');
    expect(redact('3f2a9c1e-0b7d-4e6f-8a21-5c9d0e7f1a2b')).toBe('3f2a9c1e-0b7d-4e6f-8a21-5c9d0e7f1a2b');
  });

  it('leaves the ledger’s own correlation ids whole, so that a log line matches the answer’s X-Correlation-Id', () => {
    // About one random UUID in sixty holds ten digits in a row: 20,000 of them hold hundreds.
    for (let i = 0; i < 20_000; i++) {
      const id = correlationId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (redact(id) !== id) expect({ id, logged: redact(id) }).toEqual({ id, logged: id });
    }
  });
});

import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { eventIdFor, uuidV5 } from './ids';

/** RFC 9562 §5.5 as written: SHA-1 of namespace bytes and name, version and variant set. */
function plainUuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('uuidV5', () => {
  it("gives RFC 9562 version-5 UUIDs (the RFC's DNS example)", () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the ids already in the log under the ledger namespace', () => {
    // Event and claim ids are stored forever: these are what the ledger has always given.
    expect(eventIdFor('abc', 0)).toBe('8f050e6f-42fe-563c-976e-2915194d80df');
    expect(uuidV5('claim/x/y')).toBe('07ba737c-47ea-5958-ade6-fd3512464a5f');
  });

  it('gives what the RFC gives for any name, long or short, under either namespace in any order', () => {
    const ledger = '6f1d3c2a-8b4e-5d7f-9a1c-2e3b4c5d6e7f';
    const dns = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', minLength: 200, maxLength: 400 })),
            fc.constantFrom(ledger, dns),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (names) => {
          for (const [name, namespace] of names) expect(uuidV5(name, namespace)).toBe(plainUuidV5(name, namespace));
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { eventHash } from './hash-chain';

/** The definition in docs/integrity.md, written the plain way. */
function definedHash(event: Parameters<typeof eventHash>[0]): string {
  const { hash: _hash, ...metadata } = event.metadata;
  const { stream, revision, id, type, data } = event;
  return createHash('sha256').update(canonicalJson({ stream, revision, id, type, data, metadata }), 'utf8').digest('hex');
}

describe('eventHash', () => {
  it('is SHA-256 of the canonical JSON of the event without its own hash, for any content', () => {
    fc.assert(
      fc.property(
        fc.record({
          stream: fc.string(),
          revision: fc.nat(),
          id: fc.string(),
          type: fc.string(),
          data: fc.jsonValue(),
          metadata: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        (event) => {
          expect(eventHash(event)).toBe(definedHash(event));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the stored hash out and keeps everything else in', () => {
    const event = { stream: 's', revision: 1, id: 'i', type: 't', data: { a: 1 }, metadata: { previousHash: 'p' } };
    const withHash = { ...event, metadata: { ...event.metadata, hash: 'x'.repeat(64) } };
    expect(eventHash(withHash)).toBe(eventHash(event));
    expect(eventHash({ ...event, metadata: { previousHash: 'q' } })).not.toBe(eventHash(event));
    expect(eventHash({ ...event, data: { a: 2 } })).not.toBe(eventHash(event));
  });
});

import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Instant } from '@ledger/consent-domain';
import { canonicalJson } from '../canonical-json';
import { toAppend } from '../envelope';
import { chainEvents, eventHash, GENESIS_HASH, verifiedHash } from './hash-chain';

/** The definition in docs/integrity.md, written the plain way. */
function definedHash(event: Parameters<typeof eventHash>[0]): string {
  const { hash: _hash, ...metadata } = event.metadata;
  const { stream, revision, id, type, data } = event;
  return createHash('sha256')
    .update(canonicalJson({ stream, revision, id, type, data, metadata }), 'utf8')
    .digest('hex');
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

describe('chainEvents', () => {
  it('writes the JSON of what the command road appends once, for its hash and its row', () => {
    const envelope = {
      commandId: 'c',
      correlationId: 'c',
      actor: { kind: 'client' as const, id: 'core' },
      occurredAt: '2025-01-01T00:00:00.000Z' as Instant,
      recordedAt: '2025-01-02T00:00:00.000Z' as Instant,
      requestDigest: 'r',
      imported: { importId: 'i', line: 7 },
    };
    const [chained] = chainEvents(
      's-1',
      0,
      GENESIS_HASH,
      toAppend([{ type: 'ImportStarted', data: { b: 1, a: [2] } }], envelope),
    );
    expect((chained as { json?: unknown }).json).toEqual({
      data: JSON.stringify(chained.data),
      metadata: JSON.stringify(chained.metadata),
    });
    expect(JSON.parse(JSON.stringify(chained.metadata))).toMatchObject({
      hash: eventHash({ ...chained, stream: 's-1', revision: 0 }),
    });
  });

  it('hands the store, written once, exactly the JSON of each chained event, whose hash verifies', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string(),
            type: fc.string(),
            data: fc.dictionary(fc.string(), fc.jsonValue()),
            metadata: fc.dictionary(fc.string(), fc.jsonValue()),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (events) => {
          const given = events.map((e) => {
            const { hash: _hash, ...metadata } = e.metadata;
            return { ...e, metadata };
          });
          let previous = { revision: 4, hash: GENESIS_HASH };
          for (const [i, chained] of chainEvents('s-1', 5, GENESIS_HASH, given).entries()) {
            const json = (chained as { json?: { data: string; metadata: string } }).json;
            // (Absent only where a key like "0" keeps an object out of canonical form: the store writes it.)
            if (json) {
              expect(json).toEqual({ data: JSON.stringify(chained.data), metadata: JSON.stringify(chained.metadata) });
            }
            // Not enumerable: a copy of the event (an answer, a written event) does not carry the text.
            expect(Object.keys(chained)).not.toContain('json');
            const hash = verifiedHash({ ...chained, stream: 's-1', revision: 5 + i }, previous);
            expect(chained.metadata.hash).toBe(hash);
            previous = { revision: 5 + i, hash };
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

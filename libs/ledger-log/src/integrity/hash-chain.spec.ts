import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Instant } from '@ledger/consent-domain';
import { canonicalJson } from '../canonical-json';
import { toAppend } from '../envelope';
import {
  chainEvents,
  eventHash,
  GENESIS_HASH,
  hashedText,
  IntegrityFailure,
  jsonString,
  verifiedHash,
  verifiedStoredHash,
} from './hash-chain';

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

/** An event as the embedded store keeps it: chained by the command road, data and metadata written by JSON.stringify. */
function storedAs(
  data: Record<string, unknown>,
  metadata: Record<string, unknown>,
  revision = 0,
  previous = GENESIS_HASH,
) {
  const [event] = chainEvents('subject-1', revision, previous, [{ id: 'e-1', type: 'ConsentGranted', data, metadata }]);
  return {
    stream: 'subject-1',
    revision,
    id: event.id,
    type: event.type,
    hash: event.metadata.hash as string,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
  };
}

describe('hashedText: the stored bytes hashed as they are', () => {
  it('is the canonical JSON eventHash hashes, for any content the command road chains', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (data, metadata) => {
          const stored = storedAs(data, metadata);
          const body = hashedText(stored, stored.hash);
          const parsed = { ...stored, data: JSON.parse(stored.data), metadata: JSON.parse(stored.metadata) };
          expect(stored.hash).toBe(definedHash(parsed));
          // JSON.stringify writes canonical JSON unless a key looks like an array index (JavaScript puts
          // those first): such text is left to the canonical check, anything else is settled here.
          const canonicalText =
            canonicalJson(parsed.data) === stored.data && canonicalJson(parsed.metadata) === stored.metadata;
          expect(body !== undefined).toBe(canonicalText);
          if (body !== undefined) expect(createHash('sha256').update(body, 'utf8').digest('hex')).toBe(stored.hash);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('settles nothing for bytes changed, reordered or respelt: the caller checks those the canonical way', () => {
    const stored = storedAs({ a: 1, b: 'x' }, { occurredAt: 't' });
    expect(hashedText({ ...stored, data: '{"a":2,"b":"x"}' }, stored.hash)).toBeUndefined();
    // Same content, other bytes: not settled here (an older event may be stored so), not refused either.
    expect(hashedText({ ...stored, data: '{"b":"x","a":1}' }, stored.hash)).toBeUndefined();
    expect(hashedText({ ...stored, data: '{"a": 1,"b":"x"}' }, stored.hash)).toBeUndefined();
    expect(hashedText({ ...stored, id: 'e-2' }, stored.hash)).toBeUndefined();
    expect(hashedText({ ...stored, revision: 1 }, stored.hash)).toBeUndefined();
    // A hash that is not one (it would be spliced into the search) and a hash that is not recorded.
    expect(hashedText(stored, '"')).toBeUndefined();
    expect(hashedText(stored, 'f'.repeat(64))).toBeUndefined();
  });

  it('cuts out the recorded hash wherever canonical order puts it: first, between, or last', () => {
    for (const metadata of [{ z: 1 }, { a: 1, z: 2 }, { a: 1 }, {}]) {
      const stored = storedAs({ n: 1 }, metadata);
      expect(hashedText(stored, stored.hash)).toBeDefined();
    }
  });
});

describe('verifiedStoredHash', () => {
  const first = storedAs({ n: 1 }, { at: 't' });
  const second = storedAs({ n: 2 }, { at: 't' }, 1, first.hash);
  const meta = (stored: typeof first) => JSON.parse(stored.metadata) as Record<string, unknown>;

  it('gives the recorded hash of an event whose bytes hash to it and that chains to the one before', () => {
    expect(verifiedStoredHash(first, meta(first), { revision: -1, hash: GENESIS_HASH })).toBe(first.hash);
    expect(verifiedStoredHash(second, meta(second), { revision: 0, hash: first.hash })).toBe(second.hash);
  });

  it('refuses a gap or a broken chain, and leaves bytes that do not settle it to the caller', () => {
    expect(() => verifiedStoredHash(second, meta(second), { revision: -1, hash: GENESIS_HASH })).toThrow(
      expect.objectContaining({ reason: 'revision-gap' }) as IntegrityFailure,
    );
    expect(() => verifiedStoredHash(second, meta(second), { revision: 0, hash: 'e'.repeat(64) })).toThrow(
      expect.objectContaining({ reason: 'chain-broken' }) as IntegrityFailure,
    );
    const changed = { ...second, data: '{"n":3}' };
    expect(verifiedStoredHash(changed, meta(second), { revision: 0, hash: first.hash })).toBeUndefined();
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

describe('jsonString', () => {
  it('is JSON.stringify of any text: quotes, backslashes, controls, lone and paired surrogates included', () => {
    for (const text of ['', 'subject-0a1b', 'a"b', 'a\\b', 'tab\there', '\u0000', '\u001f', '\u007f', 'é€', '\ud83d\ude00', '\ud800', 'x\udfff'])
      expect(jsonString(text)).toBe(JSON.stringify(text));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => jsonString(text) === JSON.stringify(text)),
      { numRuns: 2000 },
    );
  });
});

import fc from 'fast-check';
import { Instant } from '@ledger/consent-domain';
import { EventToAppend } from '@ledger/event-store';
import { commandEvents, commandMetadata } from './command-events';
import { CommandEnvelope, SCHEMA_VERSIONS, toAppend } from './envelope';
import { chainEvents, GENESIS_HASH, verifiedHash } from './integrity/hash-chain';

/** Everything a store and a reader see of an event: its members in order, and the text it is stored as. */
const seen = (event: EventToAppend) => ({
  written: JSON.stringify(event),
  json: event.json,
  members: Object.keys(event),
  enumerableJson: Object.keys(event).includes('json'),
});

/** What the command road made before: toAppend, then chainEvents, each event's id as given. */
const general = (
  stream: string,
  first: number,
  previous: string,
  events: readonly { type: string; data: object; id?: string }[],
  envelope: CommandEnvelope,
) =>
  chainEvents(
    stream,
    first,
    previous,
    toAppend(events, envelope).map((e, i) => (events[i].id === undefined ? e : { ...e, id: events[i].id! })),
  );

const TYPES = Object.keys(SCHEMA_VERSIONS);
const hex = (minLength = 0) => fc.stringMatching(minLength > 0 ? /^[0-9a-f]+$/ : /^[0-9a-f]*$/);
const text = fc.oneof(fc.string(), fc.constantFrom('0', '1', '__proto__', 'é', '😀', '"'));

const envelopes: fc.Arbitrary<CommandEnvelope> = fc.record(
  {
    commandId: hex(1),
    correlationId: text,
    causationId: text,
    actor: fc.oneof(
      fc.record(
        { kind: fc.constantFrom('client' as const, 'user' as const, 'system' as const), id: text, role: text },
        { requiredKeys: ['kind', 'id'] },
      ),
      // Not in canonical order, and a key no copy can put in order.
      fc.constant({ role: 'r', kind: 'user' as const, id: 'u', 0: 'x' } as unknown as CommandEnvelope['actor']),
    ),
    occurredAt: fc.constantFrom('2025-01-01T00:00:00.000Z', '1990-06-30T23:59:59.999Z') as fc.Arbitrary<Instant>,
    recordedAt: fc.constantFrom('2026-11-28T11:00:00.000Z') as fc.Arbitrary<Instant>,
    requestDigest: fc.oneof(hex(), fc.constant('')),
    imported: fc.record({ importId: text, line: fc.nat() }),
  },
  { requiredKeys: ['commandId', 'correlationId', 'actor', 'occurredAt', 'recordedAt'] },
);

describe('a command’s events written once (commandEvents)', () => {
  it('are exactly what toAppend and chainEvents make of them: ids, data, metadata, hashes and stored text', () => {
    fc.assert(
      fc.property(
        envelopes,
        fc.array(
          fc.record(
            {
              type: fc.constantFrom(...TYPES),
              data: fc.dictionary(text, fc.jsonValue()),
              id: fc.uuid(),
            },
            { requiredKeys: ['type', 'data'] },
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.nat({ max: 1000 }),
        fc.constantFrom(GENESIS_HASH, 'a'.repeat(64)),
        (envelope, events, first, previous) => {
          const expected = general('subject-s1', first, previous, events, envelope);
          const made = commandEvents('subject-s1', first, previous, events, commandMetadata(envelope));
          expect(made).toEqual(expected);
          expect(made.map(seen)).toEqual(expected.map(seen));
          // And they chain: each hash verifies against the one before.
          let before = { revision: first - 1, hash: previous };
          made.forEach((event, i) => {
            const hash = verifiedHash({ ...event, stream: 'subject-s1', revision: first + i }, before);
            before = { revision: first + i, hash };
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('share one metadata text between a command’s events and its claim', () => {
    const envelope: CommandEnvelope = {
      commandId: 'c'.repeat(64),
      correlationId: 'c'.repeat(64),
      actor: { kind: 'user', id: 'bench', role: 'compliance-admin' },
      occurredAt: '2024-01-11T00:00:00.000Z' as Instant,
      recordedAt: '2026-11-28T11:00:00.000Z' as Instant,
      requestDigest: 'd'.repeat(64),
      imported: { importId: 'i', line: 12 },
    };
    const metadata = commandMetadata(envelope);
    expect(metadata.texts).toBeDefined();
    const claim = [
      { type: 'CommandReceived', data: { commandType: 'GrantConsent', stream: 's', requestDigest: 'd' }, id: 'x' },
    ];
    const events = [
      { type: 'ConsentGranted', data: { purposes: ['advertising'], consentId: 'k' } },
      { type: 'ConsentWithdrawn', data: { consentId: 'k' } },
    ];
    expect(commandEvents('c', 0, GENESIS_HASH, claim, metadata)).toEqual(
      general('c', 0, GENESIS_HASH, claim, envelope),
    );
    expect(commandEvents('s', 3, 'b'.repeat(64), events, metadata).map(seen)).toEqual(
      general('s', 3, 'b'.repeat(64), events, envelope).map(seen),
    );
  });

  it('refuse an event type with no schema version, as toAppend does', () => {
    const envelope = {
      commandId: 'c',
      correlationId: 'c',
      actor: { kind: 'user' as const, id: 'u' },
      occurredAt: '2024-01-11T00:00:00.000Z' as Instant,
      recordedAt: '2026-11-28T11:00:00.000Z' as Instant,
    };
    expect(() =>
      commandEvents('s', 0, GENESIS_HASH, [{ type: 'Whatever', data: {} }], commandMetadata(envelope)),
    ).toThrow(/no schema version/);
  });
});

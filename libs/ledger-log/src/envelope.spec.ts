import { StoredEvent } from '@ledger/event-store';
import { SCHEMA_VERSIONS, toAppend, toRecorded } from './envelope';
import { eventIdFor } from './ids';
import { chainEvents, eventHash, GENESIS_HASH } from './integrity/hash-chain';

const envelope = {
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor: { kind: 'client' as const, id: 'lending-core', role: 'lending-core' },
  occurredAt: '2025-03-01T09:00:00.000Z',
  recordedAt: '2025-03-02T09:00:00.000Z',
};

describe('the event envelope', () => {
  it('gives each event an id derived from the command, its schema version and both times', () => {
    const [a, b] = toAppend(
      [
        { type: 'LoanContractSigned', data: { loanId: 'L1' } },
        { type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } },
      ],
      envelope,
    );
    expect([a.id, b.id]).toEqual([eventIdFor('cmd-1', 0), eventIdFor('cmd-1', 1)]);
    expect(a.id).not.toBe(b.id);
    expect(toAppend([{ type: 'LoanContractSigned', data: { loanId: 'L1' } }], envelope)[0].id).toBe(a.id);
    expect(a.metadata).toEqual({
      schemaVersion: SCHEMA_VERSIONS.LoanContractSigned,
      commandId: 'cmd-1',
      $correlationId: 'corr-1',
      $causationId: 'cmd-1',
      actor: envelope.actor,
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
    });
  });

  it('refuses an event type it has no schema for', () => {
    expect(() => toAppend([{ type: 'Whatever', data: {} }], envelope)).toThrow(/no schema version/);
  });

  const stored = (type: string, schemaVersion: number): StoredEvent =>
    ({
      ...toAppend([{ type: 'LoanContractSigned', data: { loanId: 'L1' } }], envelope)[0],
      type,
      metadata: { ...toAppend([{ type: 'LoanContractSigned', data: {} }], envelope)[0].metadata, schemaVersion },
      stream: 'subject-x',
      revision: 3,
      position: '9',
    }) as unknown as StoredEvent;

  it('hands the domain its two times and where the fact came from', () => {
    expect(toRecorded(stored('LoanContractSigned', 1))).toEqual({
      type: 'LoanContractSigned',
      data: { loanId: 'L1' },
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
      ref: { eventId: eventIdFor('cmd-1', 0), revision: 3 },
    });
  });

  it('refuses events of a newer schema or an unknown type rather than misreading them', () => {
    expect(() => toRecorded(stored('LoanContractSigned', 2))).toThrow(/newer than this ledger understands/);
    expect(() => toRecorded(stored('SomethingElse', 1))).toThrow(/unknown event type/);
  });
});

describe('hash chains', () => {
  it('chain each event to the one before and cover every field but the hash itself', () => {
    const events = chainEvents(
      'subject-x',
      0,
      GENESIS_HASH,
      toAppend(
        [
          { type: 'LoanContractSigned', data: { loanId: 'L1' } },
          { type: 'LoanObligationsFulfilled', data: { loanId: 'L1' } },
        ],
        envelope,
      ),
    );
    expect(events[0].metadata.previousHash).toBe(GENESIS_HASH);
    expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);
    const asStored = (i: number) => ({ ...events[i], stream: 'subject-x', revision: i });
    expect(eventHash(asStored(1))).toBe(events[1].metadata.hash);
    expect(eventHash({ ...asStored(1), revision: 2 })).not.toBe(events[1].metadata.hash);
    expect(eventHash({ ...asStored(1), data: { loanId: 'L2' } })).not.toBe(events[1].metadata.hash);
    expect(
      eventHash({ ...asStored(1), metadata: { ...asStored(1).metadata, occurredAt: '2025-03-01T09:00:00.001Z' } }),
    ).not.toBe(events[1].metadata.hash);
  });
});

import { kazakhstanCalendar } from '@ledger/consent-domain';
import { EventStore, Position, StoredEvent } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { ChangeFeed } from './change-feed';

/** A log held in memory: positions are 1, 2, 3… as strings. */
function storeOf(events: StoredEvent[]): EventStore {
  return {
    readAll: async ({ after, maxCount }: { after?: Position; maxCount: number }) => {
      const from = after === undefined ? 0 : Number(after);
      return events.slice(from, from + maxCount);
    },
    headPosition: async () => events.at(-1)?.position,
    comparePositions: (a: Position, b: Position) => Number(a) - Number(b),
  } as unknown as EventStore;
}

const meta = { occurredAt: '2026-11-20T09:00:00.000Z', recordedAt: '2026-11-20T09:00:00.000Z' };
let n = 0;
const at = (type: string, stream: string, data: Record<string, unknown>): StoredEvent => {
  n += 1;
  return { id: `e${n}`, stream, revision: n, position: String(n) as Position, type, data, metadata: meta };
};
const withdrawn = (withdrawalId: string, scope: object) =>
  at('ConsentWithdrawn', 'subject-aa', { withdrawalId, scope, channel: 'paper', evidence: [] });

describe('the changes feed and a withdrawal recorded as two events', () => {
  // The rest and the transfers of a purpose a law requires, straddling the feed's read batch (1000).
  const filler = Array.from({ length: 999 }, () => at('LoanContractSigned', 'subject-bb', { loanId: 'L' }));
  const log = [
    ...filler,
    withdrawn('w1', { purposes: ['advertising'] }),
    withdrawn('w1', { purposes: ['legal-obligations'], recipients: ['first-credit-bureau'] }),
    withdrawn('w2', { purposes: ['advertising'] }),
  ];
  const feed = new ChangeFeed(storeOf(log), { workingCalendar: kazakhstanCalendar() } as unknown as LedgerConfig);

  it('tells it once, its transfers beside it, even across a read batch (Art. 8(7): one stop)', async () => {
    const page = await feed.read(undefined, 100);
    expect(page.changes.map((c) => [c.data.withdrawalId, c.data.scope, c.data.transfersWithdrawn])).toEqual([
      ['w1', { purposes: ['advertising'] }, { purposes: ['legal-obligations'], recipients: ['first-credit-bureau'] }],
      ['w2', { purposes: ['advertising'] }, undefined],
    ]);
    expect(page.caughtUp).toBe(true);
  });

  it('never ends a page between the two', async () => {
    const first = await feed.read(undefined, 1);
    expect(first.next).toBe('1001');
    const second = await feed.read(first.next, 1);
    expect(second.changes.map((c) => c.data.withdrawalId)).toEqual(['w2']);
  });

  it("resumes after both from the notification's own position (a webhook's delivered cursor, a replay's from)", async () => {
    const [told] = (await feed.read(undefined, 1)).changes;
    expect(told.position).toBe('1001');
    const after = await feed.read(told.position as Position, 100);
    expect(after.changes.map((c) => c.data.withdrawalId)).toEqual(['w2']);
  });
});

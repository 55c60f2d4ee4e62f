import { Position } from '@ledger/event-store';
import { policyStream, subjectStream } from '@ledger/ledger-log';
import { Recordings } from './recordings';

describe('Recordings', () => {
  const settledAt = new Map<string, () => void>();
  // A feed that holds each write until the test says the read models have it.
  const runner = {
    settle: (position: Position) => new Promise<void>((resolve) => settledAt.set(position, resolve)),
  };
  const recordings = new Recordings({ runner } as never);
  const T = '2026-11-28T10:00:00.000Z';
  const before = '2026-11-28T09:59:59.999Z';
  const person = subjectStream('a'.repeat(32));
  const another = subjectStream('b'.repeat(32));

  it('holds a question as known at T′ until a fact recorded by T′ is written and read; not one about someone else, nor one before it', async () => {
    const token = recordings.begin(T, person);
    const asked = recordings.settled(T, 5000, person);
    const answered = jest.fn();
    void asked.then(answered);
    expect(await recordings.settled(before, 5000, person)).toBe(true);
    expect(await recordings.settled(T, 5000, another)).toBe(true);
    recordings.landed([token], '7' as Position);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).not.toHaveBeenCalled(); // written, but not yet in the read models
    settledAt.get('7')!();
    expect(await asked).toBe(true);
  });

  it('holds every question for a policy on its way, and a question about nobody in particular for any fact', async () => {
    const policy = recordings.begin(T, policyStream('privacy'));
    const fact = recordings.begin(T, person);
    expect(await recordings.settled(T, 20, another)).toBe(false);
    recordings.end([policy]);
    expect(await recordings.settled(T, 20, another)).toBe(true);
    expect(await recordings.settled(T, 20)).toBe(false);
    recordings.end([fact]);
    expect(await recordings.settled(T, 20)).toBe(true);
  });

  it('counts the facts of people and policies only: looks and claims are no answer about T′', () => {
    expect(recordings.tracks(person)).toBe(true);
    expect(recordings.tracks(policyStream('privacy'))).toBe(true);
    expect(recordings.tracks('access-bulk')).toBe(false);
    expect(recordings.tracks('command-abc')).toBe(false);
  });
});

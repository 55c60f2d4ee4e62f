import { WrittenNames } from './written-names';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('WrittenNames', () => {
  it('holds every name added, before its fill is done and after', async () => {
    const names = new WrittenNames(1000);
    const added = Array.from({ length: 5000 }, (_, i) => `subject-${i}`);
    for (const name of added.slice(0, 2500)) names.add(name);
    // Not filled yet: nothing is answered as absent.
    expect(names.ready).toBe(false);
    expect(names.mayHold('never-written')).toBe(true);
    await names.fill(() => []);
    for (const name of added.slice(2500)) names.add(name);
    expect(names.ready).toBe(true);
    expect(added.every((name) => names.mayHold(name))).toBe(true);
  });

  it('answers most names never added as absent', async () => {
    const names = new WrittenNames(10_000);
    for (let i = 0; i < 10_000; i++) names.add(`command-${i}`);
    await names.fill(() => []);
    let held = 0;
    for (let i = 0; i < 10_000; i++) if (names.mayHold(`command-x${i}`)) held++;
    expect(held).toBeLessThan(200);
  });

  it('is filled a page at a time, each page after the last name of the one before, between other work', async () => {
    const file = Array.from({ length: 25 }, (_, i) => `access-${String(i).padStart(3, '0')}`);
    const asked: (string | undefined)[] = [];
    const names = new WrittenNames(100);
    const filling = names.fill((after) => {
      asked.push(after);
      const from = after === undefined ? 0 : file.indexOf(after) + 1;
      return file.slice(from, from + 10);
    });
    // The first page at once, the next only after other work had its turn.
    expect(asked).toEqual([undefined]);
    await turn();
    expect(names.ready).toBe(false);
    await filling;
    expect(asked).toEqual([undefined, 'access-009', 'access-019', 'access-024']);
    expect(file.every((name) => names.mayHold(name))).toBe(true);
  });

  it('never trusts its misses when its fill was stopped or failed', async () => {
    const stopped = new WrittenNames(100);
    const filling = stopped.fill(() => ['a']);
    stopped.stop();
    await filling;
    expect(stopped.ready).toBe(false);
    expect(stopped.mayHold('b')).toBe(true);
    const failed = new WrittenNames(100);
    await expect(
      failed.fill(() => {
        throw new Error('disk');
      }),
    ).rejects.toThrow('disk');
    expect(failed.mayHold('b')).toBe(true);
  });
});

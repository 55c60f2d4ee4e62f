import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as wrapping from './key-wrapping';
import { SqliteKeyStore } from './sqlite-key-store';

/**
 * The key store commits on a writer thread of its own connection, which moves the file's
 * `data_version` as another store's commit does; only another store's commit may empty the cache.
 */
describe('SQLite key store, committing on its writer thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  const file = join(dir, 'keys.sqlite');
  const masterKey = randomBytes(32);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits keys on a connection set to WAL and synchronous=FULL, as every connection that writes is', async () => {
    const store = new SqliteKeyStore(file, masterKey);
    try {
      // A new key is acknowledged once its commit is on disk: NORMAL would lose it on power loss.
      expect(await store.writerPragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    } finally {
      await store.close();
    }
    const inThread = new SqliteKeyStore(file, masterKey, { writerThread: false });
    try {
      expect(await inThread.writerPragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    } finally {
      await inThread.close();
    }
  });

  it('remembers the keys its own commits made, and forgets them when another store destroys one', async () => {
    const store = new SqliteKeyStore(file, masterKey);
    const other = new SqliteKeyStore(file, masterKey);
    const people = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(30)}`);
    await Promise.all(people.map((p, i) => store.link(`iin-digest-${i}`, p)));
    const unwrap = jest.spyOn(wrapping, 'unwrapKey');
    try {
      for (const p of people) expect(await store.find(p)).toMatchObject({ keyId: expect.any(String) });
      // Nothing was read back from the file: the keys were remembered as their commit landed.
      expect(unwrap).not.toHaveBeenCalled();

      await other.destroy(people[0], '2026-01-01T00:00:00.000Z');
      expect(await store.find(people[0])).toBe('destroyed');
      // The cache was emptied: the others are read from the file again.
      expect(await store.find(people[1])).toMatchObject({ keyId: expect.any(String) });
      expect(unwrap).toHaveBeenCalled();
    } finally {
      unwrap.mockRestore();
      await store.close();
      await other.close();
    }
  });

  it("answers people looked ahead for, linked or new, without a read each; another store's link is seen", async () => {
    const ahead = join(dir, 'ahead.sqlite');
    const person = (n: number) => `${n}${'b'.repeat(31)}`;
    const other = new SqliteKeyStore(ahead, masterKey);
    await other.link('known', person(0));
    const store = new SqliteKeyStore(ahead, masterKey);
    await store.lookAhead(['known', 'new-1', 'new-2']);
    const reads = jest.spyOn((store as unknown as { sql: { subject: { get: () => unknown } } }).sql.subject, 'get');
    try {
      expect(await store.subjectOf('known')).toBe(person(0));
      expect(await store.subjectOf('new-1')).toBeUndefined();
      expect(await store.link('new-1', person(1))).toBe(person(1));
      expect(await store.subjectOf('new-1')).toBe(person(1));
      expect(reads).not.toHaveBeenCalled();
      // Linked through another store since it was looked for: not answered from memory as new.
      await other.link('new-2', person(2));
      expect(await store.subjectOf('new-2')).toBe(person(2));
      expect(await store.link('new-2', person(3))).toBe(person(2));
    } finally {
      reads.mockRestore();
      await store.close();
      await other.close();
    }
  });

  it('keeps what it remembers when a look-up comes between its own commit landing and its answer', async () => {
    const between = join(dir, 'between.sqlite');
    const person = (n: number) => `${n}${'c'.repeat(31)}`;
    const store = new SqliteKeyStore(between, masterKey);
    await store.link('first', person(0));
    const probe = new Database(between, { readonly: true });
    const generation = () => probe.prepare('SELECT generation FROM write_generation').pluck().get() as number;
    const landed = generation();
    const linking = store.link('second', person(1));
    // The commit is posted to the writer thread within two turns; this thread then waits, without
    // turning, until it is on disk, so that its answer is still queued when the look-up runs.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    const until = Date.now() + 10_000;
    while (generation() === landed && Date.now() < until);
    expect(generation()).toBe(landed + 1);
    const unwrap = jest.spyOn(wrapping, 'unwrapKey');
    try {
      expect(await store.find(person(0))).toMatchObject({ keyId: expect.any(String) });
      expect(unwrap).not.toHaveBeenCalled();
      expect(await linking).toBe(person(1));
    } finally {
      unwrap.mockRestore();
      probe.close();
      await store.close();
    }
  });
  it("with soleProcess, reads no data_version on a look-up, and still learns of this process's other stores' commits", async () => {
    const sole = join(dir, 'sole.sqlite');
    const person = (n: number) => `${n}${'d'.repeat(31)}`;
    // Opened by another path spelling: the same file is the same file.
    const other = new SqliteKeyStore(join(dir, '.', 'sole.sqlite'), masterKey);
    await other.link('known', person(0));
    const store = new SqliteKeyStore(sole, masterKey, { soleProcess: true });
    const dataVersion = jest.spyOn(
      (store as unknown as { sql: { dataVersion: { get: () => unknown } } }).sql.dataVersion,
      'get',
    );
    try {
      expect(await store.subjectOf('known')).toBe(person(0));
      expect(await store.link('mine', person(1))).toBe(person(1));
      expect(await store.find(person(1))).toMatchObject({ keyId: expect.any(String) });
      expect(await store.subjectOf('later')).toBeUndefined();
      // Another store's link and destruction, after this one remembered the person as unlinked / kept:
      await other.link('later', person(2));
      expect(await store.subjectOf('later')).toBe(person(2));
      await other.destroy(person(1), '2026-01-01T00:00:00.000Z');
      expect(await store.find(person(1))).toBe('destroyed');
      expect(dataVersion).not.toHaveBeenCalled();
    } finally {
      dataVersion.mockRestore();
      await store.close();
      await other.close();
    }
  });
});

describe("SQLite key store, the data folder's one process (soleProcess)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-sole-'));
  const masterKey = randomBytes(32);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('finds every link the file held when it opened, and reads nothing for an IIN never linked', async () => {
    const file = join(dir, 'links.sqlite');
    const person = (n: number) => `${String(n).padStart(6, '0')}${'e'.repeat(26)}`;
    const earlier = new SqliteKeyStore(file, masterKey);
    // More links than one slice of the filter's fill, so that it takes several turns.
    await Promise.all(Array.from({ length: 6_000 }, (_, i) => earlier.link(`iin-${i}`, person(i))));
    await earlier.close();
    const store = new SqliteKeyStore(file, masterKey, { soleProcess: true });
    const reads = jest.spyOn((store as unknown as { sql: { subject: { get: () => unknown } } }).sql.subject, 'get');
    try {
      // Linked while the filter fills.
      expect(await store.link('iin-late', person(9_999))).toBe(person(9_999));
      for (let i = 0; i < 10; i++) await turn();
      for (let i = 0; i < 6_000; i += 7) expect(await store.subjectOf(`iin-${i}`)).toBe(person(i));
      expect(await store.subjectOf('iin-5999')).toBe(person(5_999));
      expect(await store.subjectOf('iin-late')).toBe(person(9_999));
      reads.mockClear();
      expect(await store.subjectOf('iin-never-1')).toBeUndefined();
      await store.lookAhead(['iin-never-2', 'iin-never-3']);
      expect(await store.subjectOf('iin-never-3')).toBeUndefined();
      expect(reads).not.toHaveBeenCalled();
      // A link lost to the one made first is still answered with the first.
      expect(await store.link('iin-3', person(8_888))).toBe(person(3));
    } finally {
      reads.mockRestore();
      await store.close();
    }
  });
});

describe('SQLite key store, opened with other keys than it was made with', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-differ-'));
  const file = join(dir, 'keys.sqlite');
  const [masterKey, pseudonymKey] = [randomBytes(32), randomBytes(32)];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused, naming the setting: its people would be missed by IIN and made anew, its keys not opened', async () => {
    const store = new SqliteKeyStore(file, masterKey, { pseudonymKey });
    await store.dataKeyFor('a'.repeat(32));
    await store.close();
    await new SqliteKeyStore(file, masterKey, { pseudonymKey }).close();
    expect(() => new SqliteKeyStore(file, masterKey, { pseudonymKey: randomBytes(32) })).toThrow(
      /LEDGER_PSEUDONYM_KEY is not the one its key store was made with/,
    );
    expect(() => new SqliteKeyStore(file, randomBytes(32), { pseudonymKey })).toThrow(
      /LEDGER_MASTER_KEY is not the one its key store was made with/,
    );
  });
});

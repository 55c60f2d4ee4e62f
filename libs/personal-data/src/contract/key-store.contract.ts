import { randomBytes } from 'node:crypto';
import { KeyDestroyedError, KeyStore } from '../key-store';

/**
 * What every KeyStore adapter must do, on one backing shared by several stores at once (the SQLite
 * file two connections open, the PostgreSQL database every ledger instance uses). Each adapter's test
 * file calls this with a harness; tests use fresh random owners, so the backing may be shared.
 */
export interface KeyStoreHarness {
  /** A store on the harness's backing; `masterKey` defaults to the harness's own. */
  open(masterKey?: Buffer): Promise<KeyStore>;
}

export function keyStoreContract(name: string, harness: KeyStoreHarness): void {
  describe(`KeyStore contract: ${name}`, () => {
    const opened: KeyStore[] = [];
    const open = async (masterKey?: Buffer) => {
      const store = await harness.open(masterKey);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('knows no one it was not told of', async () => {
      const store = await open();
      expect(await store.subjectOf(digest())).toBeUndefined();
      expect(await store.find(owner())).toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('links an IIN to a person and makes their key in the same step', async () => {
      const store = await open();
      const [d, s] = [digest(), owner()];
      expect(await store.link(d, s)).toBe(s);
      expect(await store.subjectOf(d)).toBe(s);
      const key = await store.find(s);
      expect(key).toEqual({ keyId: expect.any(String), key: expect.any(Buffer) });
      expect((key as { key: Buffer }).key).toHaveLength(32);
      expect(await store.dataKeyFor(s)).toEqual(key);
    });

    it('answers a second link of the same IIN with the first person, and makes the loser no key', async () => {
      const store = await open();
      const [d, first, second] = [digest(), owner(), owner()];
      expect(await store.link(d, first)).toBe(first);
      expect(await store.link(d, second)).toBe(first);
      expect(await store.find(second)).toBeUndefined();
    });

    it('settles links made at once for one IIN, through two stores, on one person with one key', async () => {
      const [a, b] = [await open(), await open()];
      const d = digest();
      const candidates = Array.from({ length: 20 }, () => owner());
      const linked = await Promise.all(candidates.map((s, i) => (i % 2 ? a : b).link(d, s)));
      expect(new Set(linked).size).toBe(1);
      expect(candidates).toContain(linked[0]);
      const keys = await Promise.all(candidates.map((s) => a.find(s)));
      expect(keys.filter((k) => k !== undefined)).toHaveLength(1);
    });

    it('makes a key once however many ask for it at once, through two stores', async () => {
      const [a, b] = [await open(), await open()];
      const s = owner();
      const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).dataKeyFor(s)));
      expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
      expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
    });

    it('makes many people at once, each with a key of their own', async () => {
      const store = await open();
      const people = Array.from({ length: 200 }, () => ({ d: digest(), s: owner() }));
      expect(await Promise.all(people.map(({ d, s }) => store.link(d, s)))).toEqual(people.map((p) => p.s));
      const keys = await Promise.all(people.map(({ s }) => store.dataKeyFor(s)));
      expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(200);
    });

    it('keeps keys and links once closed and opened again', async () => {
      const first = await open();
      const [d, s] = [digest(), owner()];
      await first.link(d, s);
      const key = await first.find(s);
      await first.close();
      const again = await open();
      expect(await again.subjectOf(d)).toBe(s);
      expect(await again.find(s)).toEqual(key);
    });

    it('destroys key and link together, for every store on the backing from the moment it returns', async () => {
      const [a, b] = [await open(), await open()];
      const [d, s] = [digest(), owner()];
      await a.link(d, s);
      expect(await b.find(s)).toEqual(await a.find(s)); // b has read (and may hold) the key
      await a.destroy(s, '2026-01-02T03:04:05.000Z');
      for (const store of [a, b]) {
        expect(await store.find(s)).toBe('destroyed');
        expect(await store.subjectOf(d)).toBeUndefined();
        await expect(store.dataKeyFor(s)).rejects.toBeInstanceOf(KeyDestroyedError);
      }
    });

    it('never makes a destroyed key again, even for a person it never held, and destroys twice harmlessly', async () => {
      const store = await open();
      const s = owner();
      await store.destroy(s, '2026-01-02T03:04:05.000Z');
      await store.destroy(s, '2026-01-03T03:04:05.000Z');
      expect(await store.find(s)).toBe('destroyed');
      await expect(store.dataKeyFor(s)).rejects.toBeInstanceOf(KeyDestroyedError);
    });

    it('links an IIN afresh to a new person once the old one was erased', async () => {
      const store = await open();
      const [d, before, after] = [digest(), owner(), owner()];
      await store.link(d, before);
      await store.destroy(before, '2026-01-02T03:04:05.000Z');
      expect(await store.link(d, after)).toBe(after);
      expect(await store.find(after)).toEqual({ keyId: expect.any(String), key: expect.any(Buffer) });
      expect(await store.find(before)).toBe('destroyed');
    });

    it('refuses to open a key wrapped under another master key', async () => {
      const store = await open();
      const s = owner();
      await store.dataKeyFor(s);
      // A shared store refuses such an instance already when it opens.
      const found = open(randomBytes(32)).then((other) => other.find(s));
      await expect(found).rejects.toThrow(/another master key|LEDGER_MASTER_KEY is not the one/);
    });
  });
}

const digest = () => randomBytes(16).toString('hex');
const owner = () => randomBytes(16).toString('hex');

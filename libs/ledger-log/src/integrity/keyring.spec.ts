import { generateSigningKeyPem, loadSigningKey } from './signing';
import {
  KEY_STATEMENT_FORMAT,
  keyringEntry,
  KEYRING_FORMAT,
  keyStatement,
  ledgerKeyring,
  readKeyring,
  validAt,
} from './keyring';

describe('the keyring', () => {
  const old = loadSigningKey(generateSigningKeyPem());
  const current = loadSigningKey(generateSigningKeyPem());
  const rotation = '2026-02-01T00:00:00.000Z';

  it('names a key by the SHA-256 of its public key, and its id by the first half', () => {
    const entry = keyringEntry(current.publicKeyPem);
    expect(entry.fingerprint).toBe(current.fingerprint);
    expect(entry.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.keyId).toBe(current.fingerprint.slice(0, 32));
  });

  it('accepts a key from validFrom (inclusive) until validUntil (exclusive)', () => {
    const entry = { validFrom: '2026-01-01T00:00:00Z', validUntil: rotation };
    expect(validAt(entry, '2025-12-31T23:59:59.999Z')).toBe(false);
    expect(validAt(entry, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(validAt(entry, '2026-01-31T23:59:59.999Z')).toBe(true);
    expect(validAt(entry, rotation)).toBe(false);
    expect(validAt({}, 'not a time')).toBe(false);
  });

  it('gives the ledger its retired keys and the current key, valid from the last retirement', () => {
    const keys = ledgerKeyring(
      [keyringEntry(old.publicKeyPem, { validUntil: rotation })],
      current,
      '2026-03-01T00:00:00Z',
    );
    expect(keys.map((k) => [k.keyId, k.validFrom, k.validUntil])).toEqual([
      [old.keyId, undefined, rotation],
      [current.keyId, rotation, undefined],
    ]);
    expect(() =>
      ledgerKeyring([keyringEntry(current.publicKeyPem, { validUntil: rotation })], current, '2026-03-01T00:00:00Z'),
    ).toThrow(/not now/);
  });

  it('refuses a keyring whose ids, fingerprints or periods do not hold', () => {
    const good = keyringEntry(old.publicKeyPem, { validUntil: rotation });
    const read = (keys: unknown[]) => () => readKeyring({ format: KEYRING_FORMAT, keys });
    expect(read([good])()).toEqual([good]);
    expect(read([{ ...good, keyId: current.keyId }])).toThrow('is not the id of its key');
    expect(read([{ ...good, fingerprint: current.fingerprint }])).toThrow('fingerprint');
    expect(read([{ ...good, validFrom: '2026-03-01T00:00:00Z' }])).toThrow('validFrom must come before validUntil');
    expect(read([{ ...good, validUntil: '1 February' }])).toThrow('ISO-8601');
    expect(read([{ publicKeyPem: 'nonsense' }])).toThrow('not a PEM public key');
    expect(read([])).toThrow('no keys');
    expect(() => readKeyring({ format: 'something-else', keys: [good] })).toThrow('not a consent-ledger-keyring/1');
  });

  it('reads a key statement, which must carry the current key’s own signature', () => {
    const keys = ledgerKeyring(
      [keyringEntry(old.publicKeyPem, { validUntil: rotation })],
      current,
      '2026-03-01T00:00:00Z',
    );
    const statement = keyStatement(
      current,
      keys,
      { name: 'AUTO SIYLIQ FINANCE', bin: '123456789012' },
      '2026-03-01T00:00:00Z',
    );
    expect(statement.format).toBe(KEY_STATEMENT_FORMAT);
    expect(readKeyring(JSON.parse(JSON.stringify(statement)))).toEqual(keys);
    const swapped = {
      ...statement,
      keys: [keyringEntry(loadSigningKey(generateSigningKeyPem()).publicKeyPem), keys[1]],
    };
    expect(() => readKeyring(swapped)).toThrow('was changed after it was issued');
  });
});

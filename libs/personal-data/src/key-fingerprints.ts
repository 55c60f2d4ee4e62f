import { createHmac } from 'node:crypto';
import { StoreUnavailableError } from '@ledger/event-store';

/** A ledger whose pseudonym or master key is not the one its key store was made with. */
export class KeyStoreKeysDiffer extends StoreUnavailableError {
  constructor(message: string) {
    super('not-ready', message);
    this.name = 'KeyStoreKeysDiffer';
  }
}

/** What the pseudonym key's fingerprint is an HMAC of (a fingerprint that gives nothing of the key). */
const PSEUDONYM_KEY_CHECK = 'consent-ledger: the key store was made with this pseudonym key';

/**
 * The fingerprints a key store keeps of the keys it was made with, by name, with the setting each
 * comes from. With another pseudonym key every person's IIN would be missed and linked anew; with
 * another master key no key could be opened.
 */
export function keyFingerprints(
  masterKeyId: string,
  pseudonymKey: Buffer | undefined,
): { name: string; fingerprint: string; setting: string }[] {
  const fingerprints = [{ name: 'master-key', fingerprint: masterKeyId, setting: 'LEDGER_MASTER_KEY' }];
  if (pseudonymKey) {
    fingerprints.push({
      name: 'pseudonym-key',
      fingerprint: createHmac('sha256', pseudonymKey).update(PSEUDONYM_KEY_CHECK).digest('hex'),
      setting: 'LEDGER_PSEUDONYM_KEY',
    });
  }
  return fingerprints;
}

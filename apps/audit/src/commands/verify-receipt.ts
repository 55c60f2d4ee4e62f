import { receiptProblems, receiptProofOf, SignerKeys } from '@ledger/ledger-log';
import { Args, EXIT, pinnedKeys, readText } from '../cli';

/**
 * Checks a receipt the ledger issued against its signed proof: each changed, added or removed part is
 * named. As for exports, only a key obtained out of band proves who signed it.
 */
export function verifyReceiptCommand(args: Args, out: (text: string) => void): number {
  const pins = pinnedKeys(args);
  let receipt: unknown;
  try {
    receipt = JSON.parse(readText(args.file, 'the receipt'));
  } catch (error) {
    if (error instanceof SyntaxError) {
      out(`FAILED receipt-unreadable: ${args.file} is not JSON\n`);
      return EXIT.failed;
    }
    throw error;
  }
  const proof = receiptProofOf(receipt);
  if (typeof proof === 'string') {
    out(`FAILED receipt-unsigned: ${proof}\n`);
    return EXIT.failed;
  }
  const keys = new SignerKeys(pins);
  const carried = (receipt as { publicKey?: unknown }).publicKey;
  if (typeof carried === 'string') {
    try {
      keys.carry([{ publicKeyPem: carried }]);
    } catch {
      // A publicKey that is no key: only a pinned PEM can check the proof then.
    }
  }
  const key = keys.resolve(proof.keyId, proof.signedAt, 'the receipt');
  if ('code' in key) {
    out(`FAILED ${key.code}: ${key.reason}\n`);
    return EXIT.failed;
  }
  const problems = receiptProblems(receipt as Record<string, unknown>, proof, key.pem);
  if (problems.length > 0) {
    out(problems.map((p) => `FAILED receipt-changed: ${p}\n`).join(''));
    return EXIT.failed;
  }
  if (!keys.pinned) {
    out(
      `UNPINNED the receipt is as signed by key ${key.keyId}, the key it carries itself: nothing proves the ledger signed it (pin its key with --keyring, --public-key or --key-fingerprint)\n`,
    );
    return EXIT.unpinned;
  }
  out(`OK the receipt is as the ledger signed it at ${proof.signedAt} with key ${key.keyId}\n`);
  return EXIT.ok;
}

import { receiptDigests, receiptProblems, receiptProofOf, ReceiptProof, signReceipt } from './receipt-proof';
import { generateSigningKeyPem, loadSigningKey } from './signing';

describe('a receipt’s proof', () => {
  const key = loadSigningKey(generateSigningKeyPem());
  const other = loadSigningKey(generateSigningKeyPem());
  const receipt = {
    version: 'KI-CR-v1.1.0',
    consentTimestamp: 1794580124,
    services: [{ service: 'Microcredit', purposes: [] }],
    law94v: {
      crossBorderTransfer: { article: '8(4)(5)', allowed: false },
      publicationInPublicSources: { article: '8(4)(6)', allowed: false },
    },
  };
  const signed = signReceipt(receipt, key, '2026-11-28T10:00:00.000Z');
  const check = (r: unknown) => {
    const proof = receiptProofOf(r);
    if (typeof proof === 'string') return [proof];
    return receiptProblems(r as Record<string, unknown>, proof, key.publicKeyPem);
  };
  const copy = (): any => JSON.parse(JSON.stringify(signed));

  it('verifies as issued, also after a round trip through JSON with its members reordered', () => {
    expect(check(copy())).toEqual([]);
    const reordered = Object.fromEntries(Object.entries(copy()).reverse());
    expect(check(reordered)).toEqual([]);
    expect(signed.publicKey).toBe(key.publicKeyPem);
    expect(Object.keys(signed.proof.digests)).toEqual(
      expect.arrayContaining(['version', 'services', 'law94v.crossBorderTransfer', 'publicKey']),
    );
  });

  it('names the one part that was changed, added or removed', () => {
    const tampered = copy();
    tampered.law94v.crossBorderTransfer.allowed = true;
    expect(check(tampered)).toEqual([
      expect.stringMatching(/^law94v\.crossBorderTransfer is not what the ledger signed/),
    ]);

    const earlier = copy();
    earlier.consentTimestamp -= 1;
    expect(check(earlier)).toEqual([expect.stringMatching(/^consentTimestamp is not what the ledger signed/)]);

    const added = copy();
    added.law94v.note = 'agreed to everything';
    expect(check(added)).toEqual(['law94v.note was added: the signed receipt has no such part']);

    const removed = copy();
    delete removed.law94v.publicationInPublicSources;
    expect(check(removed)).toEqual(['law94v.publicationInPublicSources was removed: the signed receipt has it']);
  });

  it('refuses a proof whose digests were rewritten to match, or that another key made', () => {
    const rewritten = copy();
    rewritten.law94v.crossBorderTransfer.allowed = true;
    rewritten.proof.digests = receiptDigests(rewritten);
    expect(check(rewritten)).toEqual([expect.stringMatching(/^the proof's signature does not verify under key /)]);

    const forged = signReceipt(receipt, other, '2026-11-28T10:00:00.000Z');
    const proof = receiptProofOf(forged) as ReceiptProof;
    expect(receiptProblems(forged, proof, key.publicKeyPem)).toEqual([
      expect.stringMatching(/^the proof's signature does not verify/),
    ]);
  });

  it('says when there is no proof to check', () => {
    expect(check(receipt)).toEqual([expect.stringMatching(/^the receipt carries no proof/)]);
    expect(check({ ...copy(), proof: { format: 'x' } })).toEqual([expect.stringMatching(/not in the format/)]);
    expect(check([])).toEqual(['the receipt is not a JSON object']);
  });
});

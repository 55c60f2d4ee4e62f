import { randomBytes } from 'node:crypto';
import { isSealedLoanId, openLoanId, sealLoanId } from './loan-ids';

describe('sealed loan ids', () => {
  const key = { keyId: 'k1', key: randomBytes(32) };
  const stream = 'subject-0123456789abcdef0123456789abcdef';

  it('seal a contract number alike every time for one person, so that a fulfilment meets its signing', () => {
    const sealed = sealLoanId('MC-2025-000123', key, stream);
    expect(isSealedLoanId(sealed)).toBe(true);
    expect(sealed).not.toContain('MC-2025');
    expect(sealLoanId('MC-2025-000123', key, stream)).toBe(sealed);
    expect(sealLoanId('MC-2025-000124', key, stream)).not.toBe(sealed);
    expect(openLoanId(sealed, key, stream)).toBe('MC-2025-000123');
  });

  it('open only with the person’s key and stream: another key or stream, or a changed byte, opens nothing', () => {
    const sealed = sealLoanId('MC-1', key, stream);
    expect(sealLoanId('MC-1', { keyId: 'k2', key: randomBytes(32) }, stream)).not.toBe(sealed);
    expect(openLoanId(sealed, { keyId: 'k2', key: randomBytes(32) }, stream)).toBeUndefined();
    expect(openLoanId(sealed, key, 'subject-ffffffffffffffffffffffffffffffff')).toBeUndefined();
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(openLoanId(flipped, key, stream)).toBeUndefined();
    expect(openLoanId('MC-1', key, stream)).toBeUndefined();
  });
});

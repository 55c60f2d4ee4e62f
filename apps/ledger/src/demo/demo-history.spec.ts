import { iinCheckDigit } from '@ledger/consent-domain';
import { SYNTHETIC_IINS, syntheticIin } from './demo-history';

describe('syntheticIin', () => {
  // The benchmark's mixed load asks for a new person with every eighth request: past 21,000 people the
  // IINs used to come round again, and "new" people were old ones with a longer history each time.
  it('gives every person below SYNTHETIC_IINS an IIN of their own, each with a valid check digit', () => {
    const seen = new Set<string>();
    for (let n = 0; n < SYNTHETIC_IINS; n++) {
      const iin = syntheticIin(99, n);
      seen.add(iin);
      if (n % 997 === 0) expect(iinCheckDigit([...iin.slice(0, 11)].map(Number))).toBe(Number(iin[11]));
    }
    expect(seen.size).toBe(SYNTHETIC_IINS);
  });
});

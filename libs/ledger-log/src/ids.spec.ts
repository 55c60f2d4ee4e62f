import { eventIdFor, uuidV5 } from './ids';

describe('uuidV5', () => {
  it("gives RFC 9562 version-5 UUIDs (the RFC's DNS example)", () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the ids already in the log under the ledger namespace', () => {
    // Event and claim ids are stored forever: these are what the ledger has always given.
    expect(eventIdFor('abc', 0)).toBe('8f050e6f-42fe-563c-976e-2915194d80df');
    expect(uuidV5('claim/x/y')).toBe('07ba737c-47ea-5958-ade6-fd3512464a5f');
  });
});

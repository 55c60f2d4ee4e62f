import { batchBytes } from './parallel-verify';

describe('LEDGER_AUDIT_BATCH_KB', () => {
  it('sets the bytes of lines handed to a worker at a time, 1 MB unless a sane number is given', () => {
    expect(batchBytes({})).toBe(1024 * 1024);
    expect(batchBytes({ LEDGER_AUDIT_BATCH_KB: '64' })).toBe(64 * 1024);
    for (const wrong of ['0', '8', '1.5', 'lots', '100000']) {
      expect(batchBytes({ LEDGER_AUDIT_BATCH_KB: wrong })).toBe(1024 * 1024);
    }
  });
});

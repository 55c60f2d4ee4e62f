import { Writable } from 'node:stream';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { policyVersionRequest } from '../support/requests';

/**
 * Findings of the data-protection pass of 2026-11-28, each held by a test: what the ledger kept,
 * logged or showed about a person that it should not have.
 */
describe('privacy audit', () => {
  let ledger: Ledger;
  let logs = '';
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    ledger = await startLedger(undefined, { logger: createLogger({ level: 'trace', destination }) });
  });
  afterAll(() => closeAndRemove(ledger));

  it('writes no phone number or e-mail a caller put in X-Correlation-Id to the logs, yet echoes the id it was given', async () => {
    const correlation = 'sms-77011234567-callback';
    const reply = await ledger.request('GET', '/v1/catalogue', undefined, { 'x-correlation-id': correlation });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-correlation-id']).toBe(correlation);
    expect(logs).toContain('"route":"/v1/catalogue"');
    expect(logs).not.toContain('77011234567');
  });
});

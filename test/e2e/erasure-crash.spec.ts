import { KeyStore } from '@ledger/personal-data';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { ago, closeAndRemove, DAY, key, Ledger, newIin, startLedger } from '../support/ledger-harness';
import { advertisingGrant, policyVersionRequest } from '../support/requests';

/**
 * An erasure is recorded, then its key and IIN link destroyed: a process that dies between the two
 * leaves the link. The ledger started again must not hand out the erased person's pseudonym for the
 * IIN until the next day's sweep (Law 94-V Art. 18: the IIN leads nowhere once they are erased).
 */
describe('an erasure cut short by a crash, after a restart', () => {
  let ledger: Ledger;
  afterAll(() => closeAndRemove(ledger));

  it('finishes the erasure when the IIN is next looked up: resolve, checks and reports by IIN know no one', async () => {
    const first = await startLedger();
    const iin = newIin();
    await first.command('/v1/policies/privacy/versions', key('policy'), policyVersionRequest(ago(first, 20 * DAY)));
    const granted = await first.command('/v1/consents', key('grant'), advertisingGrant(iin, ago(first, 5 * DAY)));
    expect(granted.status).toBe(201);
    const subjectId = granted.body.subjectId as string;
    // The process dies after SubjectErased is on disk, before the key store is reached.
    const keys = first.app.get<KeyStore>(KEY_STORE);
    keys.destroy = () => Promise.reject(new Error('the process died here'));
    const erasure = { iin, reason: 'court-decision', legalReference: 'дело 2-77/2026', occurredAt: first.clock.now() };
    await first.command('/v1/erasures', key('erase'), erasure);
    expect((await first.store.readStream(`subject-${subjectId}`)).map((e) => e.type).at(-1)).toBe('SubjectErased');
    await first.close();

    ledger = await startLedger(undefined, { dir: first.dir });
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin });
    expect(resolved.body).toEqual({ known: false });
    expect(await ledger.app.get<KeyStore>(KEY_STORE).find(subjectId)).toBe('destroyed');
    const report = await ledger.request('POST', '/v1/subject-reports', { iin });
    expect([report.status, report.body.code]).toEqual([404, 'unknown-subject']);
    const check = await ledger.request('POST', '/v1/consent-checks', {
      iin,
      purpose: 'advertising',
      recipient: 'advertising-partners',
      dataCategories: ['full-name'],
    });
    expect(JSON.stringify(check.body)).not.toContain(subjectId);
  });
});

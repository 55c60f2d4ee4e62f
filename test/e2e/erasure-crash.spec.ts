import { KeyStore } from '@ledger/personal-data';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { advertisingGrant, policyVersionRequest } from '../support/requests';

/**
 * An erasure is recorded, then its key and IIN link destroyed: a process that dies between the two
 * leaves the link. The ledger started again must not hand out the erased person's pseudonym for the
 * IIN until the next day's sweep (Law 94-V Art. 18: the IIN leads nowhere once they are erased).
 */
describe('an erasure cut short by a crash, after a restart', () => {
  let ledger: Ledger;
  const dirs: string[] = [];
  afterAll(async () => {
    await ledger.close();
    dirs.forEach(removeDir);
  });

  async function cutShort(): Promise<{ dir: string; iin: string; subjectId: string }> {
    const first = await startLedger();
    const iin = newIin();
    await first.command('/v1/policies/privacy/versions', key('policy'), policyVersionRequest(ago(first, 20 * DAY)));
    const granted = await first.command('/v1/consents', key('grant'), {
      ...advertisingGrant(iin, ago(first, 5 * DAY)),
      subject: { fullName: 'Айгерім Өшірілген' },
    });
    expect(granted.status).toBe(201);
    const subjectId = granted.body.subjectId as string;
    // The process dies after SubjectErased is on disk, before the key store is reached.
    const keys = first.app.get<KeyStore>(KEY_STORE);
    keys.destroy = () => Promise.reject(new Error('the process died here'));
    const erasure = { iin, reason: 'court-decision', legalReference: 'дело 2-77/2026', occurredAt: first.clock.now() };
    await first.command('/v1/erasures', key('erase'), erasure);
    expect((await first.store.readStream(`subject-${subjectId}`)).map((e) => e.type).at(-1)).toBe('SubjectErased');
    await first.close();
    dirs.push(first.dir);
    return { dir: first.dir, iin, subjectId };
  }

  it('finishes the erasure when the IIN is next looked up: resolve, checks and reports by IIN know no one', async () => {
    const { dir, iin, subjectId } = await cutShort();
    // This instance feeds no read models, so it runs no pass over erasures as it starts (the read models
    // the first one fed already hold the erasure): the lookup itself must finish it.
    ledger = await startLedger(undefined, { dir, env: { LEDGER_PROJECTIONS: 'off' } });
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

  it('finishes it as the ledger starts: a read by pseudonym never opens the erased person’s identifiers', async () => {
    const { dir, subjectId } = await cutShort();
    await ledger.close();
    ledger = await startLedger(undefined, { dir });
    const keys = ledger.app.get<KeyStore>(KEY_STORE);
    for (let i = 0; i < 100 && (await keys.find(subjectId)) !== 'destroyed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await keys.find(subjectId)).toBe('destroyed');
    const timeline = await ledger.request('GET', `/v1/subjects/${subjectId}/timeline`, undefined, {}, ['auditor']);
    expect(timeline.body.events[0].data.identifiers).toBe('[erased]');
    expect(JSON.stringify(timeline.body)).not.toMatch(/Айгерім/);
  });
});

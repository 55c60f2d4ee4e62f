import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { grantRequest, policyVersionRequest } from '../support/requests';

/** Claims the README makes that a caller would test one by one, each pinned where it is said. */
describe('the README, claim by claim', () => {
  let ledger: Ledger;
  let subjectId: string;
  let consentId: string;
  let position: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const policy = policyVersionRequest(ago(ledger, 20 * DAY));
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin: newIin(),
        occurredAt: ago(ledger, 5 * DAY),
        purposes: ['advertising'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
      }),
    );
    expect(granted.status).toBe(201);
    ({ subjectId, consentId, position } = granted.body);
  });
  afterAll(() => closeAndRemove(ledger));

  // "commands return a `position` that a query can wait for with `minPosition`" — the access log too.
  it('lets the access log wait for a command’s position, as every query of the read models', async () => {
    const page = await ledger.request('GET', `/v1/access-log?minPosition=${position}`);
    expect([page.status, page.body.projection?.reachedMinPosition]).toEqual([200, true]);
    const narrowed = await ledger.request('GET', `/v1/access-log?subjectId=${subjectId}&minPosition=${position}`);
    expect([narrowed.status, narrowed.body.projection?.reachedMinPosition]).toEqual([200, true]);
  });
});

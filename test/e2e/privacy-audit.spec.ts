import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, grantRequest, policyVersionRequest } from '../support/requests';

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
    const policy = await ledger.command(
      '/v1/policies/privacy/versions',
      key('policy'),
      policyVersionRequest(ago(ledger, 10 * DAY)),
    );
    expect(policy.status).toBe(201);
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

  it('refuses a policy id that is an IIN: it would name the stream policy-<IIN>, in the log and the changes feed for good', async () => {
    const iin = newIin();
    const head = await ledger.store.headPosition();
    const published = await ledger.command(
      `/v1/policies/${iin}/versions`,
      key('policy'),
      policyVersionRequest(ago(ledger, DAY)),
    );
    expect([published.status, published.body.code]).toEqual([400, 'iin-in-free-text']);
    expect(published.body.errors).toEqual([expect.objectContaining({ field: 'policyId', code: 'iin-in-free-text' })]);
    expect(await ledger.store.headPosition()).toEqual(head);
    // An ordinary policy id is still taken.
    const ordinary = await ledger.command(
      '/v1/policies/privacy_2/versions',
      key('policy'),
      policyVersionRequest(ago(ledger, DAY)),
    );
    expect(ordinary.status).toBe(201);
  });

  it('records the access log narrowed to one person as a look at them, not as a read across many people shown to everyone', async () => {
    const [a, b] = [newIin(), newIin()];
    const subjectOf = async (iin: string) => {
      const granted = await ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          purposes: ['microcredit-contract'],
          dataCategories: ['iin'],
          recipients: [],
          occurredAt: ago(ledger, DAY),
        }),
      );
      expect(granted.status).toBe(201);
      return granted.body.subjectId as string;
    };
    const [subjectA, subjectB] = [await subjectOf(a), await subjectOf(b)];
    const narrowed = await ledger.request(
      'GET',
      `/v1/access-log?subjectId=${subjectB}`,
      undefined,
      { 'x-access-reason': 'ticket 88' },
      ['auditor'],
    );
    expect(narrowed.status).toBe(200);
    // The look was appended before the answer left; the reports show it once they reach that far.
    const head = await ledger.store.headPosition();
    const reportOf = async (subjectId: string) => {
      const report = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/access-report?minPosition=${head}`,
        undefined,
        {},
        ['auditor'],
      );
      expect(report.status).toBe(200);
      return report.body;
    };
    // A's own report (Law 94-V Art. 24(1)) does not tell A that B was looked at, nor B's pseudonym.
    expect(JSON.stringify(await reportOf(subjectA))).not.toContain(subjectB);
    // B's report names the look at them, with the reason given.
    expect((await reportOf(subjectB)).looks).toContainEqual(
      expect.objectContaining({ view: 'access-log', subjectId: subjectB, reason: 'ticket 88' }),
    );
  });
  it('shows no sealed envelope in the compliance reports: a reference is named as personal data, never handed out as ciphertext', async () => {
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        purposes: ['microcredit-contract'],
        dataCategories: ['iin'],
        recipients: [],
        occurredAt: ago(ledger, DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const refused = await ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({
        iin,
        recipient: 'enpf',
        reference: 'letter to Жанар Ахметова',
        occurredAt: ago(ledger, DAY / 2),
      }),
    );
    expect(refused.status).toBe(422);
    for (const [report, field] of [['refused-disclosures', 'reference']] as const) {
      for (const role of ['compliance-admin', 'auditor'] as const) {
        const page = await ledger.request('GET', `/v1/reports/${report}`, undefined, {}, [role]);
        expect(page.status).toBe(200);
        const rows = (page.body.rows as Record<string, unknown>[]).filter(
          (r) => r.subjectId === granted.body.subjectId,
        );
        expect(rows).toHaveLength(1);
        expect(JSON.stringify(page.body)).not.toContain('$sealed');
        expect(JSON.stringify(rows[0][field])).toContain('[personal data]');
      }
    }
  });
  it('keeps a loan contract number only sealed with the person’s key: after the erasure nothing in the data folder names the contract', async () => {
    const [borrower, newcomer] = [newIin(), newIin()];
    const contract = 'MC-2026-778899';
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin: borrower,
        purposes: ['microcredit-contract', 'advertising'],
        dataCategories: ['iin'],
        recipients: [],
        occurredAt: ago(ledger, 2 * DAY),
      }),
    );
    expect(granted.status).toBe(201);
    const subjectId = granted.body.subjectId as string;
    const loan = (kind: 'signed' | 'fulfilled', iin: string, loanId: string, at: number) =>
      ledger.command(`/v1/loans/${kind}`, key('loan'), { iin, loanId, occurredAt: ago(ledger, at) });
    expect((await loan('signed', borrower, contract, DAY)).status).toBe(201);
    // A refusal names the loan by the number the lending core sent, never by its sealed form.
    const early = await loan('fulfilled', borrower, contract, 1.5 * DAY);
    expect([early.status, early.body.code]).toEqual([422, 'fulfilled-before-signed']);
    expect(early.body.detail).toContain(`loan ${contract} was signed only at`);
    // The lending core, which sent the number, is told which loan holds the refusal; auditors see it too.
    const refused = await ledger.command('/v1/withdrawals', key('withdraw'), {
      iin: borrower,
      scope: { purposes: ['microcredit-contract'] },
      channel: 'paper',
      occurredAt: ago(ledger, DAY / 2),
    });
    expect([refused.status, refused.body.code, refused.body.openLoans]).toEqual([
      422,
      'withdrawal-refused',
      [contract],
    ]);
    const state = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/consents?minPosition=${refused.body.position}`,
      undefined,
      {},
      ['auditor'],
    );
    expect(state.body.openLoans).toEqual([contract]);
    // The fulfilment still meets its signing, for a person known before and one whose first fact is the loan.
    expect((await loan('fulfilled', borrower, contract, DAY / 4)).status).toBe(201);
    expect((await loan('signed', newcomer, 'MC-2026-000001', DAY)).status).toBe(201);
    expect((await loan('fulfilled', newcomer, 'MC-2026-000001', DAY / 2)).status).toBe(201);
    const unknown = await loan('fulfilled', newcomer, 'MC-2026-000002', DAY / 2);
    expect([unknown.body.code, unknown.body.detail]).toEqual([
      'unknown-loan',
      'no loan MC-2026-000002 is recorded for this person',
    ]);
    const allowed = await ledger.command('/v1/withdrawals', key('withdraw'), {
      iin: borrower,
      scope: { purposes: ['microcredit-contract'] },
      channel: 'paper',
      occurredAt: ago(ledger, DAY / 8),
    });
    expect([allowed.status, allowed.body.outcome]).toEqual([200, 'withdrawn']);

    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin: borrower,
      reason: 'court-decision',
      legalReference: 'case 2-1/2026',
      occurredAt: ledger.clock.now(),
    });
    expect(erased.status).toBe(201);
    const exported = await ledger.request('GET', '/v1/exports/log', undefined, {}, ['auditor']);
    expect(exported.status).toBe(200);
    expect(String(exported.body)).not.toContain(contract);
    for (const file of filesUnder(ledger.dir)) {
      expect({ file, found: readFileSync(file).includes(Buffer.from(contract)) }).toEqual({ file, found: false });
    }
  });
  it('takes an evidence kind only as a code: kept in clear, it must not carry a name, a phone or an e-mail', async () => {
    const iin = newIin();
    const grant = (kind: string) =>
      ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          purposes: ['microcredit-contract'],
          dataCategories: ['iin'],
          recipients: [],
          occurredAt: ago(ledger, DAY),
          evidence: [{ kind, reference: 'archive/box-1' }],
        }),
      );
    for (const kind of ['scan of Жанар Ахметова', 'zhanar@example.kz', '+77011234567', 'Scan', 'sms--log']) {
      const refused = await grant(kind);
      expect([kind, refused.status, refused.body.errors?.[0]?.field]).toEqual([kind, 400, 'evidence[0].kind']);
    }
    expect((await grant('egov-receipt')).status).toBe(201);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

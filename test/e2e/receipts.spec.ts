import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { generateSigningKeyPem, loadSigningKey } from '@ledger/ledger-log';
import { audit } from '../support/audit-cli';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import { policyVersionRequest, smsGrantRequest, withdrawalRequest } from '../support/requests';

/** What the ledger hands a person or an auditor for one consent, checked as they would check it. */
describe('consent receipts', () => {
  let ledger: Ledger;
  let work: string;
  let publicKeyFile: string;
  const write = (name: string, body: unknown) => {
    const file = join(work, name);
    writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    return file;
  };
  const validate = (() => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    return ajv.compile(
      JSON.parse(readFileSync(join(__dirname, '../fixtures/kantara-consent-receipt-v1_1.schema.json'), 'utf8')),
    );
  })();
  const ok = async (url: string, body: unknown) => {
    const reply = await ledger.command(url, key('receipt'), body);
    expect([reply.status < 300, reply.body.code]).toEqual([true, undefined]);
    return reply.body;
  };
  const receiptOf = async (granted: { subjectId: string; consentId: string }, query = '') => {
    const reply = await ledger.request(
      'GET',
      `/v1/subjects/${granted.subjectId}/consents/${granted.consentId}/receipt${query}`,
    );
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    ledger = await startLedger();
    work = mkdtempSync(join(tmpdir(), 'ledger-receipts-'));
    publicKeyFile = write('ledger.pem', ledger.config.signingKey.publicKeyPem);
    await ok('/v1/policies/privacy/versions', policyVersionRequest(ago(ledger, 20 * DAY)));
  });
  afterAll(async () => {
    removeDir(work);
    await closeAndRemove(ledger);
  });

  it('signs every receipt it issues, so that a changed field is found offline and named', async () => {
    const iin = newIin();
    const granted = await ok(
      '/v1/consents',
      smsGrantRequest(iin, ago(ledger, 10 * DAY), { subject: { fullName: 'Жанар Ахметова' } }),
    );
    await ok('/v1/withdrawals', withdrawalRequest(iin, { purposes: ['advertising'] }, ago(ledger, 5 * DAY)));
    const receipt = await receiptOf(granted);
    // Still a Kantara v1.1 receipt, checked strictly: its publicKey is the one the schema names.
    expect(validate(receipt)).toBe(true);
    expect(receipt.publicKey).toBe(ledger.config.signingKey.publicKeyPem);
    expect(receipt.proof).toMatchObject({ keyId: ledger.config.signingKey.keyId, algorithm: 'Ed25519' });

    const asIssued = await audit('verify-receipt', write('receipt.json', receipt), '--public-key', publicKeyFile);
    expect([asIssued.code, asIssued.output]).toEqual([
      0,
      expect.stringMatching(/^OK the receipt is as the ledger signed it/),
    ]);

    // Someone makes the receipt say cross-border transfer was allowed.
    const tampered = JSON.parse(JSON.stringify(receipt));
    tampered.law94v.crossBorderTransfer.allowed = true;
    const changed = await audit('verify-receipt', write('tampered.json', tampered), '--public-key', publicKeyFile);
    expect(changed.code).toBe(1);
    expect(changed.output).toMatch(
      /^FAILED receipt-changed: law94v\.crossBorderTransfer is not what the ledger signed/,
    );
    expect(changed.output.trim().split('\n')).toHaveLength(1);

    // A receipt re-signed by whoever changed it verifies only against their own key.
    const forger = loadSigningKey(generateSigningKeyPem());
    const { signReceipt } = await import('@ledger/ledger-log');
    const { proof: _proof, publicKey: _key, ...body } = tampered;
    const forged = signReceipt(body, forger, receipt.proof.signedAt);
    const pinned = await audit('verify-receipt', write('forged.json', forged), '--public-key', publicKeyFile);
    expect([pinned.code, pinned.output]).toEqual([1, expect.stringMatching(/^FAILED key-mismatch/)]);
    const unpinned = await audit('verify-receipt', write('forged.json', forged));
    expect([unpinned.code, unpinned.output]).toEqual([4, expect.stringMatching(/^UNPINNED/)]);
  });

  // Law 94-V Art. 8(4)(2): a consent names its subject — as that consent gave the name, not as a later one did.
  it('names the person as this consent gave them, and nothing the ledger learned after T′', async () => {
    const iin = newIin();
    const first = await ok(
      '/v1/consents',
      smsGrantRequest(iin, ago(ledger, 10 * DAY), { subject: { fullName: 'Айгүл Серікқызы', phone: '+77011112233' } }),
    );
    const beforeSecond = ledger.clock.now();
    ledger.clock.advance(1);
    const second = await ok(
      '/v1/consents',
      smsGrantRequest(iin, ago(ledger, 2 * DAY), { subject: { fullName: 'Айгүл Нұрланқызы', phone: '+77019998877' } }),
    );
    const person = (r: any) => [r.law94v.subject.fullName, r.iso27560.parties[1].name, r.iso27560.parties[1].contact];
    expect(person(await receiptOf(first))).toEqual([
      { value: 'Айгүл Серікқызы' },
      { value: 'Айгүл Серікқызы' },
      { phone: '+77011112233' },
    ]);
    expect(person(await receiptOf(second))[0]).toEqual({ value: 'Айгүл Нұрланқызы' });
    // The first consent's receipt as known before the second consent was recorded: the second's name was not known.
    const then = await receiptOf(first, `?knownAt=${beforeSecond}&at=${beforeSecond}`);
    expect(JSON.stringify(then)).not.toMatch(/Нұрланқызы|9998877/);

    // A consent that gave no name borrows the newest known at T′, and none learned after it.
    const other = newIin();
    const bare = await ok('/v1/consents', smsGrantRequest(other, ago(ledger, 3 * DAY)));
    const beforeNamed = ledger.clock.now();
    ledger.clock.advance(1);
    await ok('/v1/consents', smsGrantRequest(other, ago(ledger, DAY), { subject: { fullName: 'Бекзат Асанов' } }));
    expect((await receiptOf(bare)).law94v.subject.fullName).toEqual({ value: 'Бекзат Асанов' });
    const unnamed = await receiptOf(bare, `?knownAt=${beforeNamed}&at=${beforeNamed}`);
    expect(unnamed.law94v.subject.fullName).toMatchObject({ absent: 'not-held-by-ledger' });
  });

  it('takes the operator’s details for a receipt from an export only in the shape a receipt states them', async () => {
    const granted = await ok('/v1/consents', smsGrantRequest(newIin(), ago(ledger, 3 * DAY)));
    const token = await ledger.token(['auditor']);
    const exported = await ledger.app.inject({
      method: 'GET',
      url: `/v1/exports/subjects/${granted.subjectId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.statusCode).toBe(200);
    const file = write('person.ndjson', exported.body);
    const receipt = (operator: unknown) =>
      audit(
        'receipt',
        file,
        '--subject',
        granted.subjectId,
        '--consent',
        granted.consentId,
        '--operator',
        write('operator.json', JSON.stringify(operator)),
        '--public-key',
        publicKeyFile,
      );
    const address = { streetAddress: 'Abay avenue 1', locality: 'Almaty', country: 'KZ' };
    const good = await receipt({ bin: '123456789012', address, email: 'dpo@example.kz' });
    expect(good.code).toBe(0);
    const made = JSON.parse(good.output);
    expect(validate(made)).toBe(true);
    expect([made.law94v.operator.bin, made.piiControllers[0].address]).toEqual([{ value: '123456789012' }, address]);
    // Each mistake is the auditor's to correct (exit 2, saying which), never blamed on the export's events.
    for (const [operator, says] of [
      [null, /not a JSON object/],
      [{ bin: '12' }, /bin must be the 12-digit BIN/],
      [{ address: 'Almaty' }, /address must be an object/],
      [{ email: 5 }, /email must be a non-empty string/],
      [{ bim: '123456789012' }, /bim is not an operator detail/],
    ] as const) {
      const refused = await receipt(operator);
      expect([refused.code, refused.output, refused.errors]).toEqual([2, '', expect.stringMatching(says)]);
    }
  });

  // Last: it publishes a material policy change every consent in this ledger then awaits.
  it('shows in the consent’s events the policy change not accepted that suspends it, and the state after each', async () => {
    const iin = newIin();
    const granted = await ok('/v1/consents', smsGrantRequest(iin, ago(ledger, 6 * DAY)));
    await ok('/v1/policies/privacy/versions', policyVersionRequest(ago(ledger, 4 * DAY), { version: '2' }));
    await ok('/v1/withdrawals', withdrawalRequest(iin, { purposes: ['advertising'] }, ago(ledger, 2 * DAY)));
    const receipt = await receiptOf(granted);
    const events = receipt.iso27560.events.map((e: any) => [e.eventType, e.eventState]);
    expect(events).toEqual([
      ['ConsentGranted', 'dpv:ConsentGiven'],
      ['PolicyChangeNotAccepted', 'dpv:ConsentInvalidated'],
      ['ConsentWithdrawn', 'dpv:ConsentInvalidated'],
    ]);
    expect(receipt.iso27560.events[1]).toMatchObject({
      eventTime: receipt.law94v.otherInformation.statusAtIssuance.policy.requiredSince,
      eventId: receipt.law94v.otherInformation.statusAtIssuance.policy.requiredVersionEventId,
      policy: { policyId: 'privacy', version: '2' },
    });
    // The life's last state is the state the receipt states.
    expect(receipt.iso27560.stateAtIssuance.eventState).toBe(receipt.iso27560.events.at(-1).eventState);
    // About a moment before the change took effect, nothing of it is in the consent's life.
    const before = await receiptOf(granted, `?at=${ago(ledger, 5 * DAY)}`);
    expect(before.iso27560.events.map((e: any) => e.eventType)).toEqual(['ConsentGranted']);
  });
});

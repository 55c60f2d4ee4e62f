import { addMs } from '@ledger/consent-domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../support/audit-cli';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import {
  disclosureRequest,
  grantRequest,
  policyVersionRequest,
  withdrawalRequest,
  advertisingGrant,
} from '../support/requests';

/**
 * "What was valid at T, as the ledger knew it at T′" has one answer per (T, T′): asked while a fact is
 * on its way to the log, and asked again later with the T′ the first answer named, the ledger answers
 * the same.
 */
describe('answers as known at T′', () => {
  let ledger: Ledger;
  const ADVERTISING = 'purpose=advertising&recipient=advertising-partners&dataCategories=full-name';

  beforeAll(async () => {
    ledger = await startLedger();
    const policy = policyVersionRequest(ago(ledger, 20 * DAY));
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
  });
  afterAll(() => closeAndRemove(ledger));

  it('includes a fact recorded by T′ that was still being written when asked: the same question later gets the same answer', async () => {
    let askedWhileWriting = 0;
    for (let round = 0; round < 20; round++) {
      const iin = newIin();
      const granted = await ledger.command('/v1/consents', key('grant'), advertisingGrant(iin, ago(ledger, 5 * DAY)));
      expect(granted.status).toBe(201);
      const subject = granted.body.subjectId;
      // A paper withdrawal of yesterday, and questions about now sent while it is being written.
      const withdrawal = ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, {}, ago(ledger, DAY)),
      );
      const asked = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(async (delay) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          return ledger.request('GET', `/v1/subjects/${subject}/check?${ADVERTISING}`);
        }),
      );
      const written = await withdrawal;
      expect(written.status).toBe(200);
      for (const first of asked) {
        expect(first.status).toBe(200);
        const again = await ledger.request(
          'GET',
          `/v1/subjects/${subject}/check?${ADVERTISING}&at=${first.body.at}&knownAt=${first.body.knownAt}`,
        );
        expect({ knownAt: first.body.knownAt, allowed: again.body.allowed }).toEqual({
          knownAt: first.body.knownAt,
          allowed: first.body.allowed,
        });
        if (first.body.knownAt >= written.body.recordedAt) {
          askedWhileWriting += 1;
          expect(first.body.allowed).toBe(false);
        }
      }
    }
    // The race was run: some questions named a T′ after the withdrawal's recordedAt.
    expect(askedWhileWriting).toBeGreaterThan(0);
  });

  it('reads an occurredAt with as many digits of a second as RFC 3339 allows, kept to the millisecond', async () => {
    const iin = newIin();
    const when = ago(ledger, DAY);
    // Ten digits: was 400 iin-in-free-text ("00.1234567891" read as an IIN), and eleven 400 isInstant.
    for (const [n, digits] of ['1234567891', '99999999999', '5'].entries()) {
      const occurredAt = `${when.slice(0, 19)}.${digits}+00:00`;
      const signed = await ledger.command('/v1/loans/signed', key('loan'), { iin, loanId: `MC-T-${n}`, occurredAt });
      expect([occurredAt, signed.status]).toEqual([occurredAt, 201]);
      const [event] = await ledger.store.readStream(`subject-${signed.body.subjectId}`, {
        fromRevision: signed.body.events[0].revision,
        maxCount: 1,
      });
      expect(event.metadata.occurredAt).toBe(`${when.slice(0, 19)}.${digits.padEnd(3, '0').slice(0, 3)}Z`);
    }
  });

  it('counts a period to the instant asked, below a millisecond too: from holds what is at or after it, to what is before it', async () => {
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        occurredAt: ago(ledger, 5 * DAY),
        purposes: ['credit-and-pension-checks'],
        dataCategories: ['iin', 'full-name'],
        recipients: ['first-credit-bureau'],
      }),
    );
    const subject = granted.body.subjectId;
    const when = ago(ledger, DAY); // a whole millisecond, as the ledger keeps it
    expect(
      (await ledger.command('/v1/disclosures', key('disclose'), disclosureRequest({ iin, occurredAt: when }))).status,
    ).toBe(201);
    const justAfter = `${when.slice(0, -1)}5Z`; // 0.5 ms after it
    const listed = async (period: string) => {
      const page = await ledger.request('GET', `/v1/disclosures?subjectId=${subject}&${period}`);
      expect(page.status).toBe(200);
      return page.body.disclosures.length;
    };
    // It happened before a period ending half a millisecond after it, and is not in one starting then.
    expect(await listed(`to=${justAfter}`)).toBe(1);
    expect(await listed(`from=${justAfter}`)).toBe(0);
    expect(await listed(`to=${when}`)).toBe(0);
    expect(await listed(`from=${when}`)).toBe(1);
    const report = async (period: string) =>
      (await ledger.request('GET', `/v1/reports/refused-disclosures?${period}`)).body.to as string;
    // The period is answered as it was understood, to the whole millisecond.
    expect(await report(`to=${justAfter}`)).toBe(new Date(Date.parse(when) + 1).toISOString());
  });

  it('answers a fact at T as counting at T, as README says, on every endpoint that takes T', async () => {
    const CHECKS = 'purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin';
    const scope = {
      purposes: ['credit-and-pension-checks'],
      dataCategories: ['iin', 'full-name'],
      recipients: ['first-credit-bureau'],
    };
    const given = ago(ledger, 6 * DAY);
    const ends = ago(ledger, 4 * DAY);
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({ iin, occurredAt: given, ...scope, term: { kind: 'until', until: ends } }),
    );
    const subject = granted.body.subjectId;
    const answers = async (at: string) => {
      const check = await ledger.request('GET', `/v1/subjects/${subject}/check?${CHECKS}&at=${at}`);
      const consents = await ledger.request('GET', `/v1/subjects/${subject}/consents?at=${at}`);
      const matrix = await ledger.request('GET', `/v1/subjects/${subject}/matrix?at=${at}`);
      const cell = matrix.body.cells.find(
        (c: any) =>
          c.purpose === 'credit-and-pension-checks' &&
          c.recipient === 'first-credit-bureau' &&
          c.dataCategory === 'iin',
      );
      return { check: check.body.allowed, consent: consents.body.consents[0].status, matrix: cell.allowed };
    };
    // Given at T: in force at T. A term until T: over at T, not a millisecond before.
    expect(await answers(given)).toEqual({ check: true, consent: 'active', matrix: true });
    expect(await answers(addMs(ends, -1))).toEqual({ check: true, consent: 'active', matrix: true });
    expect(await answers(ends)).toEqual({ check: false, consent: 'expired', matrix: false });
    const atTheEnd = await ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({ iin, occurredAt: ends }),
    );
    expect({ status: atTheEnd.status, reason: atTheEnd.body.reasons?.[0]?.code }).toEqual({
      status: 422,
      reason: 'term-ended',
    });

    // A withdrawal naming no consent, at the instant of a consent recorded before it, reaches it; a
    // paper consent of that instant keyed in after it is taken as given after it.
    const other = newIin();
    const at = ago(ledger, 3 * DAY);
    const first = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({ iin: other, occurredAt: at, ...scope }),
    );
    const them = first.body.subjectId;
    expect((await ledger.command('/v1/withdrawals', key('withdraw'), withdrawalRequest(other, {}, at))).status).toBe(
      200,
    );
    const late = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({ iin: other, occurredAt: at, ...scope }),
    );
    const statuses = (await ledger.request('GET', `/v1/subjects/${them}/consents?at=${at}`)).body.consents.map(
      (c: any) => [c.consentId, c.status],
    );
    expect(statuses).toEqual([
      [first.body.consentId, 'withdrawn'],
      [late.body.consentId, 'active'],
    ]);
  });

  it('gives the CLI receipt at T as known at T′ the consent’s life up to T: nothing that happened after T', async () => {
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        occurredAt: ago(ledger, 6 * DAY),
        purposes: ['advertising', 'microcredit-contract'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
      }),
    );
    const { subjectId, consentId } = granted.body;
    const T = ago(ledger, 4 * DAY);
    const achieved = { iin, consentId, purposes: ['advertising'], occurredAt: ago(ledger, 2 * DAY) };
    expect((await ledger.command('/v1/purposes-achieved', key('achieved'), achieved)).status).toBe(201);
    const withdrawn = withdrawalRequest(iin, { purposes: ['microcredit-contract'] }, ago(ledger, DAY));
    expect((await ledger.command('/v1/withdrawals', key('withdraw'), withdrawn)).status).toBe(200);

    const known = ledger.clock.now();
    const token = await ledger.token(['auditor']);
    const exported = await ledger.app.inject({
      method: 'GET',
      url: '/v1/exports/log',
      headers: { authorization: `Bearer ${token}` },
    });
    const work = mkdtempSync(join(tmpdir(), 'ledger-receipt-'));
    try {
      const file = join(work, 'log.ndjson');
      writeFileSync(file, exported.body);
      const pem = join(work, 'ledger.pem');
      writeFileSync(pem, (await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem);
      const receiptAt = async (at: string) => {
        const result = await audit(
          'receipt',
          file,
          '--public-key',
          pem,
          '--subject',
          subjectId,
          '--consent',
          consentId,
          '--at',
          at,
          '--known-at',
          known,
        );
        expect(result.code).toBe(0);
        const fromExport = JSON.parse(result.output);
        // The API gives the same receipt about the same T as known at the same T′.
        const url = `/v1/subjects/${subjectId}/consents/${consentId}/receipt?at=${at}&knownAt=${known}`;
        const fromApi = (await ledger.request('GET', url)).body.iso27560;
        expect([fromApi.events, fromApi.stateAtIssuance]).toEqual([
          fromExport.iso27560.events,
          fromExport.iso27560.stateAtIssuance,
        ]);
        return fromExport;
      };
      const atT = await receiptAt(T);
      // At T the consent was given and nothing else had happened to it, whatever the ledger learned later.
      expect(atT.iso27560.stateAtIssuance.status).toBe('active');
      expect(atT.iso27560.events.map((e: any) => e.eventType)).toEqual(['ConsentGranted']);
      // Now, both later facts are in its life, in order.
      const now = await receiptAt(known);
      expect(now.iso27560.events.map((e: any) => e.eventType)).toEqual([
        'ConsentGranted',
        'ConsentPurposesAchieved',
        'ConsentWithdrawn',
      ]);
    } finally {
      removeDir(work);
    }
  });
});

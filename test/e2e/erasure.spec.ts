import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Digests, ExportVerifier } from '@ledger/ledger-log';
import { KeyStore } from '@ledger/personal-data';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, grantRequest, policyVersionRequest, withdrawalRequest } from '../support/requests';

/**
 * Erasure unlinks and stops (Law 94-V Art. 18): after it, nothing the ledger holds — with every key
 * it still has — leads from the IIN to the history; free text never carried the IIN in the first
 * place; answers after the erasure say subject-erased, answers before it still come from history,
 * and the log still verifies.
 */
describe('erasure', () => {
  let ledger: Ledger;
  const people = [newIin(), newIin(), newIin()];
  const kept = newIin();
  const subjectIds = new Map<string, string>();

  const policy = (at = ago(ledger, 20 * DAY)) => policyVersionRequest(at);
  const grant = (iin: string, patch: Record<string, unknown> = {}) =>
    grantRequest({
      iin,
      subject: { fullName: 'Айгерім Тестқызы Өшірілген', phone: '+77011234567', email: 'aigerim@example.kz' },
      purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
      dataCategories: ['full-name', 'iin', 'mobile-phone'],
      recipients: ['first-credit-bureau', 'advertising-partners'],
      notifyOnDisclosure: true,
      collectionMethod: 'paper',
      evidence: [{ kind: 'scan', reference: 'archive/box-17/form-3', sha256: 'b'.repeat(64) }],
      occurredAt: ago(ledger, 10 * DAY),
      ...patch,
    });

  beforeAll(async () => {
    ledger = await startLedger();
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy())).status).toBe(201);
  });
  afterAll(() => closeAndRemove(ledger));

  describe('free text never carries an IIN', () => {
    const P = newIin();
    const grouped = `${P.slice(0, 4)} ${P.slice(4, 8)} ${P.slice(8)}`;

    /** Every free-text field and header a caller can set, each holding the IIN. */
    const attempts = (): { name: string; send: () => Promise<{ status: number; body: any }> }[] => {
      const command =
        (url: string, body: unknown, headers: Record<string, string> = {}) =>
        () =>
          ledger.request('POST', url, body, { 'idempotency-key': key('free-text'), ...headers });
      return [
        {
          name: 'Idempotency-Key',
          send: () => ledger.request('POST', '/v1/consents', grant(P), { 'idempotency-key': `grant-${P}` }),
        },
        {
          name: 'commandId',
          send: () => ledger.request('POST', '/v1/consents', { ...grant(P), commandId: `cmd-${grouped}` }),
        },
        { name: 'X-Correlation-Id', send: command('/v1/consents', grant(P), { 'x-correlation-id': `corr-${P}` }) },
        {
          name: 'evidence[0].reference',
          send: command('/v1/consents', grant(P, { evidence: [{ kind: 'scan', reference: `scans/${P}.pdf` }] })),
        },
        {
          name: 'evidence[0].kind',
          send: command('/v1/consents', grant(P, { evidence: [{ kind: `iin-${P}`, reference: 'x' }] })),
        },
        {
          name: 'reference',
          send: command(
            '/v1/disclosures',
            disclosureRequest({
              iin: P,
              dataCategories: ['iin'],
              reference: `fcb request for ${grouped}`,
              occurredAt: ago(ledger, DAY),
            }),
          ),
        },
        {
          name: 'loanId',
          send: command('/v1/loans/signed', { iin: P, loanId: `L-${P}`, occurredAt: ago(ledger, DAY) }),
        },
        {
          name: 'legalReference',
          send: command('/v1/erasures', {
            iin: P,
            reason: 'court-decision',
            legalReference: `решение по делу ИИН ${P}`,
            occurredAt: ago(ledger, DAY),
          }),
        },
        {
          name: 'note',
          send: command(`/v1/withdrawals/00000000-0000-5000-8000-000000000000/processing-stopped`, {
            iin: P,
            note: `stopped for ${P}`,
            occurredAt: ago(ledger, DAY),
          }),
        },
        {
          name: 'reference',
          send: command(`/v1/disclosures/00000000-0000-5000-8000-000000000000/subject-notified`, {
            iin: P,
            channel: 'sms',
            reference: `sms to ${P}`,
            occurredAt: ago(ledger, DAY),
          }),
        },
        {
          name: 'X-Access-Reason',
          send: () =>
            ledger.request('POST', '/v1/subjects/resolve', { iin: kept }, { 'x-access-reason': `call about ${P}` }, [
              'support',
            ]),
        },
      ];
    };

    const names = [
      'Idempotency-Key',
      'commandId',
      'X-Correlation-Id',
      'evidence[0].reference',
      'evidence[0].kind',
      'reference',
      'loanId',
      'legalReference',
      'note',
      'reference',
      'X-Access-Reason',
    ];
    it.each(names.map((name, i) => [name, i]))('refuses an IIN in %s, and writes nothing', async (name, i) => {
      const head = await ledger.store.headPosition();
      const attempt = attempts()[i as number];
      expect(attempt.name).toBe(name);
      const reply = await attempt.send();
      expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 400, code: 'iin-in-free-text' });
      expect(reply.body.errors[0].field).toBe(name);
      expect(await ledger.store.headPosition()).toEqual(head);
    });
  });

  it('answers a retry whose person is not visible yet as a replay, not as someone erased: only a destroyed key means erased', async () => {
    // Two instances sent the same command at once: the one that lost the claim race cannot see the
    // winner's IIN link yet, so to it the claim names a stream that is not "the person's". Hiding the
    // link for one request puts this instance in that moment, every time.
    const iin = newIin();
    const grantKey = key('grant');
    const body = grant(iin);
    const first = await ledger.command('/v1/consents', grantKey, body);
    expect(first.status).toBe(201);
    const keys = ledger.app.get<KeyStore>(KEY_STORE);
    const subjectOf = keys.subjectOf;
    keys.subjectOf = () => Promise.resolve(undefined);
    const head = await ledger.store.headPosition();
    try {
      const twin = await ledger.command('/v1/consents', grantKey, body);
      expect([twin.status, twin.headers['idempotent-replayed'], twin.body.consentId, twin.body.subjectId]).toEqual([
        201,
        'true',
        first.body.consentId,
        first.body.subjectId,
      ]);
    } finally {
      keys.subjectOf = subjectOf;
    }
    expect(await ledger.store.headPosition()).toEqual(head);
  });

  describe('after people are erased', () => {
    const firstGrants = new Map<string, { key: string; body: unknown }>();
    const firstStops = new Map<string, { url: string; key: string; body: unknown }>();
    const erasures = new Map<string, { key: string; body: unknown }>();
    beforeAll(async () => {
      for (const iin of [...people, kept]) {
        const grantKey = key('grant');
        const body = grant(iin);
        firstGrants.set(iin, { key: grantKey, body });
        const granted = await ledger.command('/v1/consents', grantKey, body);
        expect(granted.status).toBe(201);
        subjectIds.set(iin, granted.body.subjectId);
        const disclosed = await ledger.command(
          '/v1/disclosures',
          key('disclose'),
          disclosureRequest({
            iin,
            reference: 'fcb/batch/2026-11/17',
            occurredAt: ago(ledger, 5 * DAY),
          }),
        );
        expect(disclosed.status).toBe(201);
        expect(
          (
            await ledger.command(`/v1/disclosures/${disclosed.body.disclosureId}/subject-notified`, key('notify'), {
              iin,
              channel: 'sms',
              reference: 'sms-gw/notice/77',
              occurredAt: ago(ledger, 4 * DAY),
            })
          ).status,
        ).toBe(201);
        const withdrawn = await ledger.command(
          '/v1/withdrawals',
          key('withdraw'),
          withdrawalRequest(iin, { purposes: ['advertising'] }, ago(ledger, 3 * DAY), {
            evidence: [{ kind: 'scan', reference: 'archive/box-18/withdrawal' }],
          }),
        );
        expect(withdrawn.status).toBe(200);
        // Sent without the notification it answers: the ledger links it itself.
        const stop = {
          url: `/v1/withdrawals/${withdrawn.body.withdrawalId}/processing-stopped`,
          key: key('stop'),
          body: { iin, note: 'partners confirmed deletion by letter', occurredAt: ago(ledger, 2 * DAY) },
        };
        firstStops.set(iin, stop);
        expect((await ledger.command(stop.url, stop.key, stop.body)).status).toBe(201);
        expect(
          (
            await ledger.command('/v1/loans/signed', key('loan'), {
              iin,
              loanId: 'MC-2026-0042',
              occurredAt: ago(ledger, 9 * DAY),
            })
          ).status,
        ).toBe(201);
        await ledger.request(
          'GET',
          `/v1/subjects/${subjectIds.get(iin)}/consents`,
          undefined,
          { 'x-access-reason': 'ticket 4471' },
          ['support'],
        );
        await ledger.request('POST', '/v1/consent-checks', { iin, purpose: 'advertising', dataCategories: ['iin'] });
      }
      await writeExport('before-erasure.ndjson');
      for (const iin of people) {
        const eraseKey = key('erase');
        const body = {
          iin,
          reason: 'court-decision',
          legalReference: 'Медеуский районный суд г. Алматы, дело 2-5511/2026',
          occurredAt: ledger.clock.now(),
        };
        erasures.set(iin, { key: eraseKey, body });
        const erased = await ledger.command('/v1/erasures', eraseKey, body);
        expect(erased.status).toBe(201);
        expect(erased.body.subjectId).toBe(subjectIds.get(iin));
      }
      await writeExport('after-erasure.ndjson');
    });

    it('no longer knows the IIN: resolve says unknown, and no key the ledger keeps finds a link', async () => {
      const keys = ledger.app.get<KeyStore>(KEY_STORE);
      const digests = ledger.app.get(Digests);
      for (const iin of people) {
        const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin });
        expect(resolved.body).toEqual({ known: false });
        expect(await keys.subjectOf(digests.iin(iin))).toBeUndefined();
        expect(await keys.find(subjectIds.get(iin)!)).toBe('destroyed');
      }
      expect((await ledger.request('POST', '/v1/subjects/resolve', { iin: kept })).body).toEqual({
        known: true,
        subjectId: subjectIds.get(kept),
      });
    });

    it('answers a retry of a command from before the erasure as about no one: the IIN and its key lead nowhere', async () => {
      for (const iin of people) {
        const head = await ledger.store.headPosition();
        const first = firstGrants.get(iin)!;
        const retried = await ledger.command('/v1/consents', first.key, first.body);
        expect([retried.status, retried.body.code]).toEqual([404, 'unknown-subject']);
        expect(JSON.stringify(retried.body)).not.toContain(subjectIds.get(iin)!);
        expect(retried.headers['idempotent-replayed']).toBeUndefined();
        // The same holds for a confirmation the ledger linked to its notification: the retry, sent as
        // it was first, is that same request, though the person's withdrawal can no longer be found.
        const stop = firstStops.get(iin)!;
        const stopRetried = await ledger.command(stop.url, stop.key, stop.body);
        expect([stopRetried.status, stopRetried.body.code]).toEqual([404, 'unknown-subject']);
        expect(await ledger.store.headPosition()).toEqual(head);
        // The erasure itself is still answered as done, to whoever retries it with its own key and body.
        const erasure = erasures.get(iin)!;
        const erasedAgain = await ledger.command('/v1/erasures', erasure.key, erasure.body);
        expect([erasedAgain.status, erasedAgain.headers['idempotent-replayed']]).toEqual([201, 'true']);
      }
    });

    it('answers subject-erased for any time after the erasure, and from history before it', async () => {
      for (const iin of people) {
        const id = subjectIds.get(iin)!;
        const after = await ledger.request(
          'GET',
          `/v1/subjects/${id}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin`,
        );
        expect(after.body).toMatchObject({
          allowed: false,
          reasons: [expect.objectContaining({ code: 'subject-erased' })],
        });
        const before = await ledger.request(
          'GET',
          `/v1/subjects/${id}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin&at=${encodeURIComponent(ago(ledger, 4 * DAY))}`,
        );
        expect(before.body.allowed).toBe(true);
        const consents = await ledger.request('GET', `/v1/subjects/${id}/consents`, undefined, {}, ['auditor']);
        expect(consents.body.consents.map((c: { status: string }) => c.status)).toEqual(['erased']);
        expect(consents.body.subject).toMatchObject({ status: 'erased' });
      }
    });

    it('issues receipts that still prove what was agreed, saying the identifiers were erased, not never held', async () => {
      const id = subjectIds.get(people[1])!;
      const consents = await ledger.request('GET', `/v1/subjects/${id}/consents`, undefined, {}, ['auditor']);
      const consentId = consents.body.consents[0].consentId as string;
      const receipt = await ledger.request('GET', `/v1/subjects/${id}/consents/${consentId}/receipt`, undefined, {}, [
        'auditor',
      ]);
      expect(receipt.status).toBe(200);
      expect(receipt.body.law94v.subject.fullName).toMatchObject({ absent: 'erased' });
      expect(receipt.body.iso27560.parties[1]).toMatchObject({ name: { absent: 'erased' }, contact: { absent: 'erased' } });
      expect(receipt.body.iso27560.events.at(-1)).toMatchObject({ eventType: 'SubjectErased' });
      expect(receipt.body.law94v.dataCollected.categories.map((c: { code: string }) => c.code)).toContain('full-name');
      expect(JSON.stringify(receipt.body)).not.toMatch(/Айгерім|77011234567|aigerim@/);
    });

    it('lets a person who comes back start afresh, as someone the ledger has never met', async () => {
      const [back] = people;
      const again = await ledger.command('/v1/consents', key('grant'), grant(back, { occurredAt: ledger.clock.now() }));
      expect(again.status).toBe(201);
      expect(again.body.subjectId).not.toBe(subjectIds.get(back));
      const timeline = await ledger.request(
        'GET',
        `/v1/subjects/${again.body.subjectId}/timeline?minPosition=${again.body.position}`,
        undefined,
        {},
        ['auditor'],
      );
      expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual([
        'ConsentGranted',
        'PolicyVersionAccepted',
      ]);
      // Commands from before the erasure, retried now, neither come back to life in the new history
      // nor reach it: the old grant is about no one, the old erasure answers as the erasure it was.
      const head = await ledger.store.headPosition();
      const first = firstGrants.get(back)!;
      const retried = await ledger.command('/v1/consents', first.key, first.body);
      expect([retried.status, retried.body.code]).toEqual([404, 'unknown-subject']);
      // Also one the new history refuses (it holds no such withdrawal): it is about no one, not about them.
      const stop = firstStops.get(back)!;
      const stopRetried = await ledger.command(stop.url, stop.key, stop.body);
      expect([stopRetried.status, stopRetried.body.code]).toEqual([404, 'unknown-subject']);
      const erasure = erasures.get(back)!;
      const erasedAgain = await ledger.command('/v1/erasures', erasure.key, erasure.body);
      expect([erasedAgain.status, erasedAgain.body.subjectId]).toEqual([201, subjectIds.get(back)]);
      expect(await ledger.store.headPosition()).toEqual(head);
      expect((await ledger.request('POST', '/v1/subjects/resolve', { iin: back })).body).toEqual({
        known: true,
        subjectId: again.body.subjectId,
      });
    });

    it('still verifies: the erased history and its chains stand, under the pinned key', async () => {
      for (const name of ['before-erasure.ndjson', 'after-erasure.ndjson']) {
        const verifier = new ExportVerifier({ pinned: [{ fingerprint: ledger.config.signingKey.fingerprint }] });
        const lines = readFileSync(join(ledger.dir, 'exports', name), 'utf8')
          .trimEnd()
          .split('\n');
        lines.forEach((line, i) => expect(verifier.accept(line, i + 1)).toBeUndefined());
        expect(verifier.finish(lines.length)).toBeUndefined();
      }
    });

    it('leaves no IIN, name, phone or e-mail in any file of the data folder — log, read models, key store, WAL, SHM, exports', async () => {
      const files = filesUnder(ledger.dir);
      expect(files.some((f) => f.endsWith('events.sqlite-wal'))).toBe(true);
      expect(files.some((f) => f.endsWith('.ndjson'))).toBe(true);
      const contents = files.map((file) => ({ file, bytes: readFileSync(file) }));
      for (const iin of [...people, kept]) {
        const spellings = [
          Buffer.from(iin, 'ascii'),
          Buffer.from(iin, 'utf16le'),
          Buffer.from(Buffer.from(iin, 'ascii').toString('hex'), 'ascii'),
          Buffer.from(Buffer.from(iin, 'ascii').toString('hex').toUpperCase(), 'ascii'),
        ];
        for (const { file, bytes } of contents) {
          for (const spelling of spellings) {
            expect({ file, iin, found: bytes.includes(spelling) }).toEqual({ file, iin, found: false });
          }
        }
      }
      // The name and contacts were sealed before anything was written; none is in clear anywhere.
      for (const identifier of ['Айгерім Тестқызы', 'Өшірілген', '+77011234567', '7011234567', 'aigerim@example.kz']) {
        for (const { file, bytes } of contents) {
          for (const spelling of [Buffer.from(identifier, 'utf8'), Buffer.from(identifier, 'utf16le')]) {
            expect({ file, identifier, found: bytes.includes(spelling) }).toEqual({ file, identifier, found: false });
          }
        }
      }
    });
  });

  async function writeExport(name: string): Promise<void> {
    const exported = await ledger.app.inject({
      method: 'GET',
      url: '/v1/exports/log',
      headers: { authorization: `Bearer ${await ledger.token(['auditor'])}` },
    });
    expect(exported.statusCode).toBe(200);
    mkdirSync(join(ledger.dir, 'exports'), { recursive: true });
    writeFileSync(join(ledger.dir, 'exports', name), exported.body);
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { ExportVerifier } from '@ledger/ledger-log';
import { key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import { KEY_STORE } from '../../apps/ledger/src/ledger/tokens';
import { SubjectLedger } from '../../apps/ledger/src/ledger/subject-ledger';
import { disclosureRequest, grantRequest } from '../support/requests';

/**
 * The ledger holds personal data itself: identifiers are sealed with the person's own key, every
 * look at them leaves a trace, and erasing the person destroys the key while the history stays.
 */
const NAME = 'Жанар Серікқызы Тестова';
const PHONE = '+77015550123';
const EMAIL = 'zhanar.testova@example.kz';
const REASON = 'Жанар Тестова позвонила по поводу займа';

describe('personal data inside the ledger', () => {
  let ledger: Ledger;
  let iin: string;
  let subjectId: string;
  let consentId: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const now = ledger.clock.now();
    await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: now,
      occurredAt: now,
      materialChange: true,
      texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grant(iin, now, { fullName: NAME, phone: PHONE, email: EMAIL }),
    );
    expect(granted.status).toBe(201);
    subjectId = granted.body.subjectId;
    consentId = granted.body.consentId;
  });
  afterAll(() => closeAndRemove(ledger));

  function grant(who: string, occurredAt: string, subject?: Record<string, string>) {
    return grantRequest({
      iin: who,
      ...(subject ? { subject } : {}),
      purposes: ['microcredit-contract'],
      dataCategories: ['full-name', 'iin', 'mobile-phone'],
      recipients: ['first-credit-bureau'],
      occurredAt,
    });
  }

  const asSupport = (
    url: string,
    reason: string | null = encodeURIComponent(REASON),
    method: 'GET' | 'POST' = 'GET',
    body?: unknown,
  ) => ledger.request(method, url, body, reason ? { 'x-access-reason': reason } : {}, ['support']);

  it('shows identifiers to auditors, masked to support staff, and only as sealed in the timeline', async () => {
    const audited = await ledger.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor']);
    expect(audited.body.subject).toEqual({
      status: 'held',
      masked: false,
      identifiers: { iin, fullName: NAME, phone: PHONE, email: EMAIL },
    });
    const supported = await asSupport(`/v1/subjects/${subjectId}/consents`);
    expect(supported.body.subject).toEqual({
      status: 'held',
      masked: true,
      identifiers: {
        iin: `${iin.slice(0, 2)}********${iin.slice(10)}`,
        fullName: 'Ж*** С*** Т***',
        phone: '***23',
        email: 'z***@example.kz',
      },
    });
    const timeline = await asSupport(`/v1/subjects/${subjectId}/timeline`);
    expect(timeline.body.events[0].data.identifiers).toBe('[personal data]');
    const receipt = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/consents/${consentId}/receipt`,
      undefined,
      {},
      ['auditor'],
    );
    expect(receipt.body.law94v.subject.fullName).toEqual({ value: NAME });
  });

  it('makes no data key for a grant the domain refuses', async () => {
    const stranger = newIin();
    const refused = await ledger.command('/v1/consents', key('grant'), {
      ...grant(stranger, ledger.clock.now(), { fullName: 'Никогда Незаписанный' }),
      policyShown: { policyId: 'privacy', version: '99' },
    });
    expect(refused.status).toBe(404);
    const keys = ledger.app.get(KEY_STORE);
    expect(await keys.find(refused.body.subjectId ?? (await pseudonymOf(stranger)) ?? 'none')).toBeUndefined();
  });

  it('never writes an identifier or a stated reason in clear to any file', async () => {
    await asSupport(`/v1/subjects/${subjectId}/consents`);
    await ledger.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor']);
    const files = filesUnder(ledger.dir);
    expect(files.map((f) => f.split('/').pop())).toEqual(
      expect.arrayContaining(['events.sqlite', 'read-models.sqlite', 'keys.sqlite']),
    );
    // The search itself works on these files: what is meant to be there in clear is found.
    const all = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(all.includes(Buffer.from(consentId))).toBe(true);
    expect(all.includes(Buffer.from('microcredit-contract'))).toBe(true);
    const needles = [iin, NAME, 'Тестова', PHONE, PHONE.slice(1), EMAIL, REASON, 'позвонила'];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) {
        for (const encoding of ['utf8', 'utf16le'] as const) {
          expect({ file, needle, encoding, found: bytes.includes(Buffer.from(needle, encoding)) }).toEqual({
            file,
            needle,
            encoding,
            found: false,
          });
        }
      }
    }
  });

  describe('the access log', () => {
    it('refuses a support look without a stated reason, and shows nothing', async () => {
      const reply = await asSupport(`/v1/subjects/${subjectId}/consents`, null);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('access-reason-required');
      expect(reply.body.consents).toBeUndefined();
    });

    it('records every look — who, which role, why, when, what — and shows it in the person’s own access report', async () => {
      const before = (await ledger.store.readStream(`access-${subjectId}`)).length;
      await asSupport(`/v1/subjects/${subjectId}/timeline`, encodeURIComponent('проверка по звонку'));
      await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/check?purpose=microcredit-contract&dataCategories=iin`,
        undefined,
        {},
        ['lending-core'],
      );
      await ledger.request('POST', '/v1/subjects/resolve', { iin }, {}, ['lending-core']);
      const events = await ledger.store.readStream(`access-${subjectId}`);
      const looks = events.slice(before).map((e) => [e.type, (e.data as any).view, (e.data as any).accessor.role]);
      expect(looks).toEqual([
        ['PersonalDataAccessed', 'timeline', 'support'],
        ['PersonalDataAccessed', 'consent-check', 'lending-core'],
        ['PersonalDataAccessed', 'resolve', 'lending-core'],
      ]);
      expect(events[before].metadata.actor).toMatchObject({ role: 'support' });

      // Support may not read it (it shows other staff and their reasons); auditors answer the person.
      const report = await asSupport(`/v1/subjects/${subjectId}/access-report`, encodeURIComponent('запрос'));
      expect(report.status).toBe(403);
      const reportOk = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/access-report`,
        undefined,
        { 'x-access-reason': encodeURIComponent('запрос субъекта') },
        ['auditor'],
      );
      expect(reportOk.status).toBe(200);
      expect(reportOk.body.looks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            view: 'timeline',
            accessor: expect.objectContaining({ role: 'support' }),
            reason: 'проверка по звонку',
          }),
        ]),
      );
    });

    it('records reads across many people too, and shows auditors the whole log', async () => {
      await ledger.request(
        'GET',
        '/v1/reports/refused-disclosures',
        undefined,
        { 'x-access-reason': 'quarterly review' },
        ['auditor'],
      );
      // Sent without percent-encoding, UTF-8 bytes arrive as Node's parser hands them over (one
      // character per byte): the reason is still read as the text that was typed.
      const typed = Buffer.from('квартальная проверка', 'utf8').toString('latin1');
      await ledger.request('GET', '/v1/reports/refused-withdrawals', undefined, { 'x-access-reason': typed }, [
        'auditor',
      ]);
      const log = await ledger.request('GET', '/v1/access-log?limit=5000', undefined, {}, ['regulator']);
      expect(log.status).toBe(200);
      expect(log.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ view: 'report:refused-disclosures', reason: 'quarterly review' }),
          expect.objectContaining({ view: 'report:refused-withdrawals', reason: 'квартальная проверка' }),
        ]),
      );
    });

    it('shows in a person’s access report the reads across many people since their first record, consent or not', async () => {
      // Their first record is a refused disclosure; a report read across everyone follows; only then a consent.
      const who = newIin();
      const refused = await ledger.command(
        '/v1/disclosures',
        key('refused-first'),
        disclosureRequest({ iin: who, occurredAt: ledger.clock.now() }),
      );
      expect(refused.status).toBe(422);
      ledger.clock.advance(1000);
      const read = await ledger.request('GET', '/v1/reports/refused-disclosures', undefined, {}, ['auditor']);
      expect(read.body.rows.some((r: { subjectId: string }) => r.subjectId === refused.body.subjectId)).toBe(true);
      ledger.clock.advance(1000);
      expect((await ledger.command('/v1/consents', key('grant-later'), grant(who, ledger.clock.now()))).status).toBe(
        201,
      );
      const report = await ledger.request(
        'GET',
        `/v1/subjects/${refused.body.subjectId}/access-report`,
        undefined,
        {},
        ['auditor'],
      );
      expect(report.body.readsAcrossManyPeople.map((e: { view: string }) => e.view)).toContain(
        'report:refused-disclosures',
      );
    });

    it('pages the whole log, oldest first: every entry reachable by following next, none repeated', async () => {
      for (let look = 0; look < 5; look++) {
        await ledger.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor']);
      }
      const whole = await ledger.request('GET', '/v1/access-log?limit=5000', undefined, {}, ['auditor']);
      expect(whole.body.next).toBeUndefined();
      const all = whole.body.entries.map((e: { eventId: string }) => e.eventId);
      expect(all.length).toBeGreaterThan(3);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages <= all.length; pages++) {
        const url = `/v1/access-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await ledger.request('GET', url, undefined, {}, ['auditor']);
        expect(page.status).toBe(200);
        seen.push(...page.body.entries.map((e: { eventId: string }) => e.eventId));
        cursor = page.body.next;
        if (!cursor) break;
      }
      // The page reads themselves are looks too, recorded after the first answer: the first `all` entries come back in order.
      expect(seen.slice(0, all.length)).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      // A cursor the ledger did not issue is refused, not read as a place in the log (access and disclosures logs).
      const forged = Buffer.from('x|y').toString('base64url');
      for (const url of ['/v1/access-log', '/v1/disclosures']) {
        for (const cursor of ['nonsense', forged]) {
          const bad = await ledger.request('GET', `${url}?cursor=${cursor}`, undefined, {}, ['auditor']);
          expect([url, bad.status, bad.body.errors?.[0]?.field]).toEqual([url, 400, 'cursor']);
        }
      }
      // Every list reads in the same order (when, then event id): a cursor issued for one is refused by the
      // others, not read as a place in them.
      const accessCursor = (await ledger.request('GET', '/v1/access-log?limit=1', undefined, {}, ['auditor'])).body
        .next;
      expect(accessCursor).toEqual(expect.any(String));
      for (const url of [
        '/v1/disclosures',
        '/v1/reports/refused-disclosures',
        `/v1/subjects/${subjectId}/access-report`,
      ]) {
        const bad = await ledger.request('GET', `${url}?cursor=${accessCursor}`, undefined, {}, ['auditor']);
        expect([url, bad.status, bad.body.errors?.[0]?.field]).toEqual([url, 400, 'cursor']);
      }
    });

    it('pages a person’s access report, both lists in the order they happened: every entry reachable by next, none repeated', async () => {
      for (let look = 0; look < 3; look++) {
        await ledger.request('GET', `/v1/subjects/${subjectId}/consents`, undefined, {}, ['auditor']);
        await ledger.request('GET', '/v1/changes', undefined, {}, ['lending-core']);
      }
      const whole = await ledger.request('GET', `/v1/subjects/${subjectId}/access-report?limit=5000`, undefined, {}, [
        'auditor',
      ]);
      expect(whole.body.next).toBeUndefined();
      const ids = (body: { looks: { eventId: string }[]; readsAcrossManyPeople: { eventId: string }[] }) => ({
        looks: body.looks.map((e) => e.eventId),
        bulk: body.readsAcrossManyPeople.map((e) => e.eventId),
      });
      const all = ids(whole.body);
      expect(all.bulk.length).toBeGreaterThanOrEqual(3);
      expect(all.looks.length).toBeGreaterThanOrEqual(3);
      const seen = { looks: [] as string[], bulk: [] as string[] };
      let cursor: string | undefined;
      let pages = 0;
      for (; pages <= all.looks.length + all.bulk.length; pages++) {
        const url = `/v1/subjects/${subjectId}/access-report?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await ledger.request('GET', url, undefined, {}, ['auditor']);
        expect(page.status).toBe(200);
        expect(page.body.looks.length + page.body.readsAcrossManyPeople.length).toBeLessThanOrEqual(2);
        const got = ids(page.body);
        seen.looks.push(...got.looks);
        seen.bulk.push(...got.bulk);
        cursor = page.body.next;
        if (!cursor) break;
      }
      expect(pages).toBeGreaterThan(2);
      // The report reads themselves are looks at the person too, recorded after the first answer.
      expect(seen.looks.slice(0, all.looks.length)).toEqual(all.looks);
      expect(seen.bulk.slice(0, all.bulk.length)).toEqual(all.bulk);
      expect(new Set(seen.looks).size).toBe(seen.looks.length);
      expect(new Set(seen.bulk).size).toBe(seen.bulk.length);
      const bad = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/access-report?cursor=nonsense`,
        undefined,
        {},
        ['auditor'],
      );
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'cursor']);
    });

    it('refuses an IIN in a query parameter, which a logged read would otherwise keep in the log for good', async () => {
      const grouped = `${iin.slice(0, 4)} ${iin.slice(4, 8)} ${iin.slice(8)}`;
      const head = await ledger.store.headPosition();
      for (const [url, field] of [
        [`/v1/disclosures?recipient=${iin}`, 'recipient'],
        [`/v1/access-log?accessor=${encodeURIComponent(grouped)}`, 'accessor'],
        [`/v1/subjects/${subjectId}/check?purpose=${iin}&dataCategories=iin`, 'purpose'],
      ]) {
        const reply = await ledger.request('GET', url, undefined, {}, ['auditor']);
        expect([url, reply.status, reply.body.code, reply.body.errors?.[0]?.field]).toEqual([
          url,
          400,
          'iin-in-free-text',
          field,
        ]);
        expect(JSON.stringify(reply.body)).not.toContain(iin);
      }
      expect(await ledger.store.headPosition()).toEqual(head);
      // Positions, pseudonyms and instants are not free text: twelve digits there are not an IIN.
      const position = await ledger.request('GET', `/v1/changes?after=${iin}`, undefined, {}, ['auditor']);
      expect(position.body.code).toBe('position-not-in-log');
    });

    it('names the parameter that is not an instant: from or to, not at', async () => {
      for (const url of [
        '/v1/access-log',
        '/v1/reports/refused-disclosures',
        '/v1/disclosures',
        '/v1/exports/period',
      ]) {
        for (const field of ['from', 'to']) {
          const other = field === 'from' ? 'to' : 'from';
          const query = `${field}=yesterday&${other}=2026-01-01T00:00:00Z`;
          const reply = await ledger.request('GET', `${url}?${query}`, undefined, {}, ['auditor']);
          expect([url, reply.status, reply.body.errors?.[0]?.field]).toEqual([url, 400, field]);
          expect(reply.body.detail).toMatch(new RegExp(`^${field} `));
        }
      }
    });

    it('refuses a period that ends before (or as) it starts, on every query that takes one, writing no look', async () => {
      const head = await ledger.store.headPosition();
      for (const url of [
        '/v1/access-log',
        '/v1/reports/refused-disclosures',
        '/v1/disclosures',
        '/v1/exports/period',
      ]) {
        for (const to of ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z']) {
          const reply = await ledger.request('GET', `${url}?from=2026-01-02T00:00:00Z&to=${to}`, undefined, {}, [
            'auditor',
          ]);
          expect([url, reply.status, reply.body.code, reply.body.errors?.[0]?.field]).toEqual([
            url,
            400,
            'invalid-request',
            'to',
          ]);
        }
      }
      expect(await ledger.store.headPosition()).toEqual(head);
    });
  });

  describe('erasure by crypto-shredding', () => {
    let erasedIin: string;
    let erasedId: string;

    beforeAll(async () => {
      erasedIin = newIin();
      const granted = await ledger.command(
        '/v1/consents',
        key('grant'),
        grant(erasedIin, ledger.clock.now(), { fullName: 'Ерлан Стёртый' }),
      );
      erasedId = granted.body.subjectId;
      await ledger.request(
        'GET',
        `/v1/subjects/${erasedId}/consents`,
        undefined,
        { 'x-access-reason': 'before erasure' },
        ['auditor'],
      );
    });

    it('refuses to erase someone the ledger never heard of: it would block a real person later', async () => {
      const stranger = await ledger.command('/v1/erasures', key('erase'), {
        iin: newIin(),
        reason: 'court-decision',
        legalReference: 'case 1',
        occurredAt: ledger.clock.now(),
      });
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('unknown-subject');
    });

    it('refuses to erase before retention ends, unless a court ordered it, which it must cite', async () => {
      const early = await ledger.command('/v1/erasures', key('erase'), {
        subjectId: erasedId,
        reason: 'subject-request',
        occurredAt: ledger.clock.now(),
      });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('retention-not-over');
      const uncited = await ledger.command('/v1/erasures', key('erase'), {
        subjectId: erasedId,
        reason: 'court-decision',
        occurredAt: ledger.clock.now(),
      });
      expect(uncited.status).toBe(400);
    });

    it('destroys the key: identifiers are gone for good, the history stays and still verifies, nothing new is recorded', async () => {
      const erased = await ledger.command('/v1/erasures', key('erase'), {
        iin: erasedIin,
        reason: 'court-decision',
        legalReference: 'Алматинский городской суд, дело 2-1234/2026',
        occurredAt: ledger.clock.now(),
      });
      expect(erased.status).toBe(201);
      expect(erased.body.keyDestroyed).toBe(true);

      const state = await ledger.request(
        'GET',
        `/v1/subjects/${erasedId}/consents?minPosition=${erased.body.position}`,
        undefined,
        {},
        ['auditor'],
      );
      expect(state.body.subject).toMatchObject({ status: 'erased', reason: 'court-decision' });
      expect(state.body.consents).toHaveLength(1);

      // Nothing leads from the IIN to the erased history any more: the person is unknown, and one who
      // comes back starts afresh as a new person (Law 94-V Art. 18).
      const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: erasedIin }, {}, ['auditor']);
      expect(resolved.body).toEqual({ known: false });
      const again = await ledger.command(
        '/v1/consents',
        key('grant'),
        grant(erasedIin, ledger.clock.now(), { fullName: 'Ерлан Стёртый' }),
      );
      expect(again.status).toBe(201);
      expect(again.body.subjectId).not.toBe(erasedId);
      const old = await ledger.request('GET', `/v1/subjects/${erasedId}/timeline`, undefined, {}, ['auditor']);
      expect(old.body.events.filter((e: { type: string }) => e.type === 'ConsentGranted')).toHaveLength(1);

      const access = await ledger.request('GET', `/v1/subjects/${erasedId}/access-report`, undefined, {}, ['auditor']);
      // The reason stated before the erasure was sealed with the destroyed key: unreadable for good.
      const reasons = access.body.looks.map((l: { reason?: string }) => l.reason).filter(Boolean);
      expect(reasons).toEqual(['[erased]']);

      const exported = await ledger.app.inject({
        method: 'GET',
        url: `/v1/exports/subjects/${erasedId}`,
        headers: { authorization: `Bearer ${await ledger.token(['auditor'])}` },
      });
      const verifier = new ExportVerifier();
      const lines = exported.body.trimEnd().split('\n');
      lines.forEach((line, i) => expect(verifier.accept(line, i + 1)).toBeUndefined());
      expect(verifier.finish(lines.length)).toBeUndefined();
      expect(exported.body).not.toContain('Ерлан');
    });

    it('leaves no trace of the destroyed key in the key store’s files', async () => {
      const kid = await keyIdOf(erasedId);
      const live = await keyIdOf(subjectId);
      const keyFiles = filesUnder(ledger.dir).filter((f) => f.includes('keys.sqlite'));
      expect(keyFiles.some((f) => readFileSync(f).includes(Buffer.from(live)))).toBe(true);
      for (const file of filesUnder(ledger.dir).filter((f) => f.includes('keys.sqlite'))) {
        expect(readFileSync(file).includes(Buffer.from(kid))).toBe(false);
      }
    });
  });

  function pseudonymOf(iin: string): Promise<string | undefined> {
    return ledger.app.get(SubjectLedger).lookup(iin);
  }

  async function keyIdOf(id: string): Promise<string> {
    const store = new SqliteEventStore({ file: join(ledger.dir, 'events.sqlite') });
    const [grantEvent] = await store.readStream(`subject-${id}`);
    await store.close();
    return (grantEvent.data as any).identifiers.$sealed.kid as string;
  }
});

describe('the retention sweep', () => {
  it('erases a person once their retention period is over, and not before', async () => {
    const ledger = await startLedger(undefined, { env: { LEDGER_RETENTION_DEFAULT_YEARS: '5' } });
    try {
      const start = '2026-01-10T10:00:00.000Z';
      ledger.clock.set(start);
      await ledger.command('/v1/policies/privacy/versions', key('policy'), {
        version: '1',
        effectiveFrom: start,
        occurredAt: start,
        materialChange: false,
        texts: { ru: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/ru' } },
      });
      const person = newIin();
      const granted = await ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin: person,
          subject: { fullName: 'Срок Истёк' },
          purposes: ['advertising'],
          dataCategories: ['mobile-phone'],
          recipients: [],
          term: { kind: 'until', until: '2026-06-01T00:00:00.000Z' },
          language: 'ru',
          occurredAt: start,
        }),
      );
      expect(granted.status).toBe(201);
      const sweep = async () => {
        const head = (await ledger.store.headPosition())!;
        await ledger.request('GET', `/v1/policies?minPosition=${head}`);
        return ledger.request('POST', '/v1/erasures/sweep', {});
      };
      ledger.clock.set('2030-01-01T00:00:00.000Z');
      expect((await sweep()).body.erased).toEqual([]);
      // Five years from the end of the relationship: the consent's term ran out on 1 June 2026.
      ledger.clock.set('2031-01-11T00:00:00.000Z');
      expect((await sweep()).body.erased).toEqual([]);
      ledger.clock.set('2031-06-01T00:00:01.000Z');
      expect((await sweep()).body.erased).toEqual([granted.body.subjectId]);
      const [erasure] = (await ledger.store.readStream(`subject-${granted.body.subjectId}`)).filter(
        (e) => e.type === 'SubjectErased',
      );
      expect(erasure.data).toEqual({ reason: 'retention-expired' });
      expect(erasure.metadata.actor).toEqual({ kind: 'system', id: 'retention-sweeper' });
      expect((await sweep()).body.erased).toEqual([]);
    } finally {
      await ledger.close();
      removeDir(ledger.dir);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

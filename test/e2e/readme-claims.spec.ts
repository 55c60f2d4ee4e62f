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

/** Claims the README makes that a caller would test one by one, each pinned where it is said. */
describe('the README, claim by claim', () => {
  let ledger: Ledger;
  let subjectId: string;
  let consentId: string;
  let position: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const policy = policyVersionRequest(ago(ledger, 20 * DAY), {
      texts: {
        kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/privacy/1/kk' },
        ru: { sha256: 'b'.repeat(64), url: 'https://acredit.kz/privacy/1/ru' },
      },
    });
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      advertisingGrant(newIin(), ago(ledger, 5 * DAY)),
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

  // "?language=kk|ru|en, default the language of the consent they gave last — by when it was given": not
  // the paper form of last month keyed in after it.
  it('reports by default in the language of the consent given last, whenever it was keyed in', async () => {
    const iin = newIin();
    const consent = (language: string, occurredAt: string) =>
      ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          occurredAt,
          language,
          purposes: ['advertising'],
          dataCategories: ['full-name'],
          recipients: ['advertising-partners'],
        }),
      );
    const online = await consent('ru', ago(ledger, 2 * DAY));
    expect([online.status, online.body.code]).toEqual([201, undefined]);
    const paper = await consent('kk', ago(ledger, 10 * DAY));
    expect(paper.status).toBe(201);
    const report = await ledger.request(
      'GET',
      `/v1/subjects/${online.body.subjectId}/report?minPosition=${paper.body.position}`,
    );
    expect([report.status, report.body.language]).toEqual([200, 'ru']);
  });

  // "Every look at a person's data appends a PersonalDataAccessed event (who, role, why, when, what)": a
  // receipt about T as known at T′ (both taken since today) is logged with the T and T′ it was about.
  it('logs a receipt’s look with the T and T′ it was issued about', async () => {
    const at = ago(ledger, 4 * DAY);
    const knownAt = ledger.clock.now();
    const receipt = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/consents/${consentId}/receipt?at=${at}&knownAt=${knownAt}`,
    );
    expect(receipt.status).toBe(200);
    // The look was appended before the answer left; the access log shows it once it reaches that far.
    const head = await ledger.store.headPosition();
    const log = await ledger.request('GET', `/v1/access-log?subjectId=${subjectId}&minPosition=${head}`);
    const looks = log.body.entries.filter((e: { view: string }) => e.view === 'receipt');
    expect(looks.map((e: { parameters: unknown }) => e.parameters)).toEqual([{ consentId, at, knownAt }]);
  });

  // "the reports, the disclosures log, the access log and the period export a period … of when each fact
  // happened, but the period export's of when the ledger recorded it (a paper form keyed in today is in
  // today's export, and in last week's report)".
  it('counts a late fact in the period it happened for the reports and the log, in the period it was recorded for the export', async () => {
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        occurredAt: ago(ledger, 10 * DAY),
        purposes: ['credit-and-pension-checks', 'advertising'],
        dataCategories: ['iin', 'full-name'],
        recipients: ['first-credit-bureau', 'advertising-partners'],
      }),
    );
    expect(granted.status).toBe(201);
    const keyedInFrom = ledger.clock.now();
    const disclosed = await ledger.command(
      '/v1/disclosures',
      key('disclose'),
      disclosureRequest({ iin, occurredAt: ago(ledger, 3 * DAY) }),
    );
    expect(disclosed.status).toBe(201);
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(iin, { purposes: ['advertising'] }, ago(ledger, 3 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    const ids = [disclosed.body.disclosureId, withdrawn.body.withdrawalId];
    const keyedInTo = ledger.clock.now();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const periods = {
      happened: `from=${ago(ledger, 4 * DAY)}&to=${ago(ledger, 2 * DAY)}`,
      recorded: `from=${keyedInFrom}&to=${new Date(Date.parse(keyedInTo) + 1).toISOString()}`,
    };
    for (const [period, query] of Object.entries(periods)) {
      const log = await ledger.request('GET', `/v1/disclosures?subjectId=${granted.body.subjectId}&${query}`);
      const deadlines = await ledger.request(
        'GET',
        `/v1/reports/withdrawal-deadlines?${query}&status=open,due-soon,overdue,closed,closed-late,calendar-unknown`,
      );
      const exported = await ledger.request('GET', `/v1/exports/period?${query}`);
      expect([log.status, deadlines.status, exported.status]).toEqual([200, 200, 200]);
      const inExport = String(exported.body)
        .split('\n')
        .filter((line) => ids.some((id) => line.includes(id))).length;
      const happened = period === 'happened';
      expect({
        period,
        log: log.body.disclosures.map((e: { disclosureId: string }) => e.disclosureId),
        report: deadlines.body.rows.map((r: { withdrawalId: string }) => r.withdrawalId),
        exportHasBoth: inExport >= 2,
      }).toEqual({
        period,
        log: happened ? [ids[0]] : [],
        report: happened ? [ids[1]] : [],
        exportHasBoth: !happened,
      });
    }
  });

  // "A body field or query parameter the request does not have is refused … never ignored — whatever its
  // name": names an object inherits passed the validation pipe unseen.
  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'prototype'])(
    'refuses the query parameter %s as unknown',
    async (name) => {
      for (const route of [`/v1/subjects/${subjectId}/consents`, '/v1/access-log', '/v1/reports/refused-disclosures']) {
        const reply = await ledger.request('GET', `${route}?${name}=1`);
        expect([route, reply.status, reply.body.code, reply.body.errors]).toEqual([
          route,
          400,
          'invalid-request',
          [expect.objectContaining({ field: name, code: 'unknown-field' })],
        ]);
      }
    },
  );

  // "A body field the request does not have is refused too (400 invalid-request, error code unknown-field), never
  // ignored, whatever its name": `__proto__` and `constructor.prototype` were 400 malformed-json, as if not JSON.
  it.each(['__proto__', 'constructor', 'toString', 'prototype'])(
    'refuses the body field %s as unknown, holding an object or not, and writes nothing',
    async (name) => {
      const head = await ledger.store.headPosition();
      const loan = `"iin":"${newIin()}","loanId":"MC-1","occurredAt":"${ago(ledger, DAY)}"`;
      for (const body of [`{${loan},"${name}":{"prototype":{"x":1}}}`, `{"${name}":1,${loan}}`]) {
        const reply = await ledger.command('/v1/loans/signed', key('field'), body);
        expect([body, reply.status, reply.body.code, reply.body.errors]).toEqual([
          body,
          400,
          'invalid-request',
          [expect.objectContaining({ field: name, code: 'unknown-field' })],
        ]);
      }
      expect(await ledger.store.headPosition()).toEqual(head);
    },
  );

  // "Commands without a key are refused" (400 idempotency-key-required): a commandId given, but not as a key,
  // is a key given wrongly and is named as the field it came in.
  it('refuses a commandId that is not a key as that field, not as a key never sent', async () => {
    const loan = { iin: newIin(), loanId: 'MC-2', occurredAt: ago(ledger, DAY) };
    for (const commandId of [5, null, '', '-a', 'a b']) {
      const reply = await ledger.request('POST', '/v1/loans/signed', { ...loan, commandId });
      expect([commandId, reply.status, reply.body.code, reply.body.errors]).toEqual([
        commandId,
        400,
        'invalid-request',
        [expect.objectContaining({ field: 'commandId', code: 'invalid-key' })],
      ]);
    }
    expect((await ledger.request('POST', '/v1/loans/signed', loan)).body.code).toBe('idempotency-key-required');
    expect((await ledger.request('POST', '/v1/loans/signed', { ...loan, commandId: 'mc-2-signed' })).status).toBe(201);
  });

  // "After an erasure a receipt still proves what was agreed; the person's name and contacts are stated as
  // absent: "erased" … not as never held" — a receipt about a T before the erasure too (at, since today).
  it('states the name and contacts of an erased person as erased in a receipt about a moment before the erasure', async () => {
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        occurredAt: ago(ledger, 5 * DAY),
        purposes: ['advertising'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
        subject: { fullName: 'Aigerim Seitkali', phone: '+77011234567' },
      }),
    );
    expect(granted.status).toBe(201);
    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin,
      occurredAt: ledger.clock.now(),
      reason: 'unlawful-collection',
      legalReference: 'order 12/3',
    });
    expect(erased.status).toBe(201);
    const { subjectId: person, consentId: consent } = granted.body;
    for (const at of [ago(ledger, DAY), ledger.clock.now()]) {
      const receipt = await ledger.request(
        'GET',
        `/v1/subjects/${person}/consents/${consent}/receipt?at=${at}&minPosition=${erased.body.position}`,
      );
      expect(receipt.status).toBe(200);
      const subjectParty = receipt.body.iso27560.parties[1];
      expect([
        receipt.body.law94v.subject.fullName.absent,
        subjectParty.name.absent,
        subjectParty.contact.absent,
      ]).toEqual(['erased', 'erased', 'erased']);
    }
    // The audit CLI's receipt from an export holding the erasure says the same, not "held sealed".
    const work = mkdtempSync(join(tmpdir(), 'ledger-receipt-'));
    try {
      const exported = await ledger.app.inject({
        method: 'GET',
        url: `/v1/exports/subjects/${person}?minPosition=${erased.body.position}`,
        headers: { authorization: `Bearer ${await ledger.token(['auditor'])}` },
      });
      expect(exported.statusCode).toBe(200);
      const file = join(work, 'person.ndjson');
      const pem = join(work, 'ledger.pem');
      writeFileSync(file, exported.body);
      writeFileSync(pem, (await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem);
      const args = ['--subject', person, '--consent', consent, '--public-key', pem];
      const fromExport = await audit('receipt', file, ...args, '--at', ago(ledger, DAY));
      expect(fromExport.code).toBe(0);
      expect(JSON.parse(fromExport.output).law94v.subject.fullName.absent).toBe('erased');
    } finally {
      removeDir(work);
    }
  });

  // "Erasure (POST /v1/erasures with … a reason: court-decision or unlawful-collection, each naming its
  // legalReference (else 400 legal-reference-required), or retention-expired or subject-request, each only once
  // the person's retention period is over (else 422 retention-not-over …)".
  it('refuses an erasure without its legal reference, and one on request while the data must be kept', async () => {
    const iin = newIin();
    const granted = await ledger.command('/v1/consents', key('grant'), advertisingGrant(iin, ago(ledger, 5 * DAY)));
    expect(granted.status).toBe(201);
    const erase = (body: object) =>
      ledger.command('/v1/erasures', key('erase'), { iin, occurredAt: ledger.clock.now(), ...body });
    const unreferenced = await erase({ reason: 'court-decision' });
    expect([unreferenced.status, unreferenced.body.code]).toEqual([400, 'legal-reference-required']);
    for (const reason of ['subject-request', 'retention-expired']) {
      const early = await erase({ reason });
      expect([reason, early.status, early.body.code]).toEqual([reason, 422, 'retention-not-over']);
    }
    const state = await ledger.request('GET', `/v1/subjects/${granted.body.subjectId}/consents`);
    expect(state.body.subject.status).toBe('held');
  });

  // "A refusal lists at most 100 problems in `errors` (its `detail` then says how many there were)" — a route
  // that takes no query parameter too.
  it.each(['/v1/exports/log', '/v1/access-log'])('lists at most 100 of 300 unknown parameters on %s', async (route) => {
    const query = Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&');
    const reply = await ledger.request('GET', `${route}?${query}`);
    expect([reply.status, reply.body.code, reply.body.errors.length, reply.body.detail]).toEqual([
      400,
      'invalid-request',
      100,
      'the request does not match its schema (300 problems, the first 100 listed)',
    ]);
  });
});

// LEDGER_DEADLINE_NEAR_WORKING_DAYS: "a deadline is 'approaching' (the alarm's word) and `due-soon` (the deadline
// reports', unless `nearWithin` is given) while at most this many working days remain".
describe('the README: one setting says when a deadline is near', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: { LEDGER_DEADLINE_NEAR_WORKING_DAYS: '15' } });
    const policy = policyVersionRequest(ago(ledger, 20 * DAY));
    expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
  });
  afterAll(() => closeAndRemove(ledger));

  it('lists a stop deadline due within that many working days as due-soon in the report’s default', async () => {
    const iin = newIin();
    const granted = await ledger.command('/v1/consents', key('grant'), advertisingGrant(iin, ago(ledger, 5 * DAY)));
    expect(granted.status).toBe(201);
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(iin, {}, ago(ledger, 0)),
    );
    expect(withdrawn.status).toBe(200);
    const report = await ledger.request(
      'GET',
      `/v1/reports/withdrawal-deadlines?minPosition=${withdrawn.body.position}`,
    );
    expect(report.status).toBe(200);
    expect(report.body.rule.nearWithinWorkingDays).toBe(15);
    expect(report.body.rows.map((r: { withdrawalId: string; status: string }) => [r.withdrawalId, r.status])).toEqual([
      [withdrawn.body.withdrawalId, 'due-soon'],
    ]);
    // Asked with its own nearWithin, the report answers that.
    const asked = await ledger.request('GET', '/v1/reports/withdrawal-deadlines?nearWithin=3&status=open');
    expect(asked.body.rows.map((r: { status: string }) => r.status)).toEqual(['open']);
  });
});

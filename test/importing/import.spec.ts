import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderLock } from '@ledger/event-store';
import { metadataOf } from '@ledger/ledger-log';
import { generateImport, iinNumber } from '../../scripts/bench/generated-import';
import { run as runImportCli } from '../../apps/ledger/src/importing/import-cli';
import { run as runAudit } from '../../apps/audit/src/main';
import { Ledger, newIin, startLedger, closeAndRemove, removeDir } from '../support/ledger-harness';

/**
 * A bulk import of 1,000 generated rows (1 % bad) through POST /v1/imports: a dry run writes nothing
 * and reports exactly what the real run then does; the real run writes every good row once, marked
 * as imported, years past the late-fact window, and is itself recorded; a second run writes nothing.
 */
const NOW = '2026-11-25T10:00:00.000Z';

describe('bulk import', () => {
  let ledger: Ledger;
  const file = generateImport(1000, '2024-01-01T00:00:00.000Z');

  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off' } });
    ledger.clock.set(NOW);
  });
  afterAll(() => closeAndRemove(ledger));

  async function upload(text: string, query = '', type = 'application/x-ndjson', importKey = 'import-2024-archive') {
    const token = await ledger.token(['compliance-admin'], 'admin-aigerim');
    const response = await ledger.app.inject({
      method: 'POST',
      url: `/v1/imports${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'idempotency-key': importKey },
      payload: text,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  }

  const good = file.rows - file.invalid.size - file.refused.size;
  const expectExactReport = (body: {
    rows: number;
    invalid: { line: number; code: string }[];
    refused: { line: number; code: string }[];
  }) => {
    expect(body.rows).toBe(1000);
    expect(body.invalid.map((r) => [r.line, r.code])).toEqual([...file.invalid.entries()].sort((a, b) => a[0] - b[0]));
    expect(body.refused.map((r) => [r.line, r.code])).toEqual([...file.refused.entries()].sort((a, b) => a[0] - b[0]));
  };

  it('the generated file has 1 % bad rows of both kinds', () => {
    expect(file.invalid.size + file.refused.size).toBe(10);
    expect(file.invalid.size).toBeGreaterThan(0);
    expect(file.refused.size).toBeGreaterThan(0);
  });

  it('a dry run reports every row and writes nothing', async () => {
    const before = await ledger.store.headPosition();
    const reply = await upload(file.text, '?dryRun=true');
    expect(reply.status).toBe(200);
    expectExactReport(reply.body);
    expect(reply.body).toMatchObject({ dryRun: true, accepted: good, alreadyImported: 0 });
    expect(await ledger.store.headPosition()).toBe(before);
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: iinNumber(0) }, {}, ['auditor']);
    expect(resolved.body.subjectId).toBeUndefined();
  });

  it('writes each good row once, marked as imported, and records the import', async () => {
    const reply = await upload(file.text);
    expect(reply.status).toBe(200);
    expectExactReport(reply.body);
    expect(reply.body).toMatchObject({ dryRun: false, accepted: good, alreadyImported: 0 });
    expect(reply.body.invalid[0]).toMatchObject({ field: expect.any(String), message: expect.any(String) });

    const subjectId = (await ledger.request('POST', '/v1/subjects/resolve', { iin: iinNumber(0) }, {}, ['auditor']))
      .body.subjectId;
    const events = await ledger.store.readStream(`subject-${subjectId}`);
    expect(events.map((e) => e.type)).toEqual(['ConsentGranted', 'PolicyVersionAccepted', 'ConsentWithdrawn']);
    // Recorded as the facts they are: from 2024, long past the 30-day window, marked with their line.
    expect(events[0].metadata).toMatchObject({
      occurredAt: '2024-01-11T00:00:00.000Z',
      imported: { importId: reply.body.importId, line: 2 },
      actor: { id: 'admin-aigerim', role: 'compliance-admin' },
    });
    // Support and auditors see it too: the timeline says which import and line each fact came from.
    const timeline = await ledger.request('GET', `/v1/subjects/${subjectId}/timeline`, undefined, {}, ['auditor']);
    expect(timeline.body.events.map((e: { imported?: unknown }) => e.imported)).toEqual(
      events.map((e) => metadataOf(e).imported),
    );
    expect(timeline.body.events[0].imported).toEqual({ importId: reply.body.importId, line: 2 });
    const audit = await ledger.store.readStream(`import-${reply.body.importId}`);
    expect(audit.map((e) => e.type)).toEqual(['ImportStarted', 'ImportCompleted']);
    expect(audit[1].data).toMatchObject({
      fileDigest: reply.body.fileDigest,
      accepted: good,
      invalid: file.invalid.size,
    });
    expect(audit[1].metadata).toMatchObject({ actor: { id: 'admin-aigerim' } });
  });

  it('a second run writes nothing new', async () => {
    const before = await ledger.store.headPosition();
    const reply = await upload(file.text);
    expectExactReport(reply.body);
    expect(reply.body).toMatchObject({ accepted: 0, alreadyImported: good });
    expect(await ledger.store.headPosition()).toBe(before);
  });

  it('the Idempotency-Key of a completed import sent with another file is 409 idempotency-key-reused and writes nothing', async () => {
    const before = await ledger.store.headPosition();
    const other = generateImport(20, '2024-03-01T00:00:00.000Z', 31);
    const reply = await upload(other.text);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ type: '/problems/idempotency-key-reused', code: 'idempotency-key-reused' });
    // Said with the caller's key, not the name of the ledger's own claim.
    expect(reply.body.detail).not.toMatch(/ImportCompleted/);
    expect(await ledger.store.headPosition()).toBe(before);
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin: iinNumber(0, 31) }, {}, ['auditor']);
    expect(resolved.body.subjectId).toBeUndefined();
    expect(readdirSync(ledger.dir).filter((name) => name.endsWith('.spool'))).toEqual([]);
  });

  it('a dry run under a key answers as the run it rehearses: another file or format is 409, the same file a report', async () => {
    const before = await ledger.store.headPosition();
    // Was 200 with every row reported as it would be taken; the real run under the key was then refused.
    const other = await upload(generateImport(20, '2024-03-01T00:00:00.000Z', 33).text, '?dryRun=true');
    expect([other.status, other.body.code]).toEqual([409, 'idempotency-key-reused']);
    const csv = await upload('key,kind\n', '?dryRun=true', 'text/csv');
    expect([csv.status, csv.body.code]).toEqual([409, 'idempotency-key-reused']);
    const same = await upload(file.text, '?dryRun=true');
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ dryRun: true, accepted: 0, alreadyImported: good });
    expect(await ledger.store.headPosition()).toBe(before);
  });

  it('the same file sent again under its key writes what is missing: a row refused before and possible now', async () => {
    const iin = iinNumber(3, 32);
    const withdrawal = { key: 'late-w', kind: 'withdraw', iin, scope: {}, channel: 'paper' };
    const text = JSON.stringify({ ...withdrawal, occurredAt: '2026-11-20T09:00:00Z' });
    const first = await upload(text, '', 'application/x-ndjson', 'import-late-withdrawal');
    expect(first.body).toMatchObject({ accepted: 0, refused: [{ line: 1, code: 'nothing-to-withdraw' }] });
    const grantRow = paperGrantRow('late-g', iin);
    expect(
      (await upload(JSON.stringify(grantRow), '', 'application/x-ndjson', 'import-late-grant')).body,
    ).toMatchObject({
      accepted: 1,
    });
    const again = await upload(text, '', 'application/x-ndjson', 'import-late-withdrawal');
    expect(again.body).toMatchObject({ dryRun: false, accepted: 1, refused: [] });
    expect(readdirSync(ledger.dir).filter((name) => name.endsWith('.spool'))).toEqual([]);
  });

  it('a withdrawal row naming only kept flags, recorded before they were refused, is already imported when sent again', async () => {
    const iin = iinNumber(3, 33);
    const grantRow = paperGrantRow('kept-g', iin);
    // Before `{"crossBorderTransfer": false}` was refused its false flag was dropped: the row was recorded
    // as this one, and a retry of it compared as this one.
    const withdrawal = { key: 'kept-w', kind: 'withdraw', iin, channel: 'paper', occurredAt: '2026-11-20T09:00:00Z' };
    const first = [grantRow, { ...withdrawal, scope: {} }].map((row) => JSON.stringify(row)).join('\n');
    expect((await upload(first, '', 'application/x-ndjson', 'import-kept-first')).body).toMatchObject({ accepted: 2 });
    const again = JSON.stringify({ ...withdrawal, scope: { crossBorderTransfer: false } });
    expect((await upload(again, '', 'application/x-ndjson', 'import-kept-again')).body).toMatchObject({
      accepted: 0,
      alreadyImported: 1,
      refused: [],
    });
  });

  it('leaves a log that audit verify passes under the pinned key: imported facts past any late window, claims beside their rows', async () => {
    const token = await ledger.token(['auditor']);
    const exported = await ledger.app.inject({
      method: 'GET',
      url: '/v1/exports/log',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.statusCode).toBe(200);
    const work = mkdtempSync(join(tmpdir(), 'ledger-import-verify-'));
    try {
      const file = join(work, 'log.ndjson');
      const pem = join(work, 'ledger.pem');
      writeFileSync(file, exported.body);
      writeFileSync(pem, ledger.config.signingKey.publicKeyPem);
      let output = '';
      const code = await runAudit(
        ['verify', file, '--public-key', pem],
        (t) => (output += t),
        (t) => (output += t),
      );
      expect([code, output]).toEqual([0, expect.stringMatching(/^OK whole log: /)]);
    } finally {
      removeDir(work);
    }
  });

  it('reads CSV with the documented columns', async () => {
    const iin = iinNumber(7, 55);
    const csv = [
      'key,kind,iin,occurredAt,purposes,dataCategories,recipients,crossBorderTransferAllowed,publicationAllowed,policyId,policyVersion,language,collectionMethod,evidenceKind,evidenceReference,channel',
      `c1,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract;advertising,iin;mobile-phone,advertising-partners,false,false,privacy,hist.1,ru,paper,scan,"box 9, folder 2",`,
      `c2,withdraw,${iin},2024-06-01T09:00:00Z,advertising,,,,,,,,,,,sms-one-time-code`,
      `c3,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,maybe,false,privacy,hist.1,ru,paper,,,`,
    ].join('\n');
    const reply = await upload(csv, '', 'text/csv', 'import-csv-1');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 3, accepted: 2, refused: [] });
    expect(reply.body.invalid).toEqual([
      expect.objectContaining({ line: 4, key: 'c3', field: 'crossBorderTransferAllowed', code: 'isBoolean' }),
    ]);
  });

  it('takes no CSV evidence half-given: a reference or digest without its kind is invalid, not dropped', async () => {
    const iin = iinNumber(7, 58);
    const csv = [
      'key,kind,iin,occurredAt,purposes,dataCategories,recipients,crossBorderTransferAllowed,publicationAllowed,policyId,policyVersion,language,collectionMethod,evidenceKind,evidenceReference,evidenceSha256',
      `e1,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,false,false,privacy,hist.1,ru,paper,,box 12,`,
      `e2,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,false,false,privacy,hist.1,ru,paper,,,${'b'.repeat(64)}`,
      `e3,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,false,false,privacy,hist.1,ru,paper,,,`,
    ].join('\n');
    const reply = await upload(csv, '?dryRun=true', 'text/csv', 'import-csv-evidence');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 3, accepted: 1, refused: [] });
    expect(reply.body.invalid.map((r: { line: number; key: string; code: string }) => [r.line, r.key, r.code])).toEqual(
      [
        [2, 'e1', 'required'],
        [3, 'e2', 'required'],
      ],
    );
  });

  it('names a bad CSV row’s field by its column, not by where the API’s body keeps it', async () => {
    const iin = iinNumber(7, 59);
    const header =
      'key,kind,iin,occurredAt,purposes,dataCategories,recipients,crossBorderTransferAllowed,publicationAllowed,termUntil,policyId,policyVersion,language,collectionMethod,email,evidenceKind,evidenceReference,channel';
    const grant = (key: string, cells: Record<string, string>) =>
      [key, 'grant', iin, '2024-05-01T09:00:00Z', 'microcredit-contract', 'iin', '', 'false', 'false']
        .concat([cells.termUntil ?? '', 'privacy', cells.policyVersion ?? 'hist.1', 'ru', 'paper'])
        .concat([cells.email ?? '', cells.evidenceKind ?? '', cells.evidenceReference ?? '', ''])
        .join(',');
    const csv = [
      header,
      grant('f1', { termUntil: 'soon' }),
      grant('f2', { policyVersion: '' }),
      grant('f3', { email: 'not-an-address' }),
      grant('f4', { evidenceReference: 'box 3' }),
      `f5,accept-policy,${iin},2024-05-01T09:00:00Z,,,,,,,privacy,hist.1,,,,,,`,
      `f6,withdraw,${iin},2024-06-01T09:00:00Z,no-such-purpose,,,,,,,,,,,,,paper`,
    ].join('\n');
    const reply = await upload(csv, '?dryRun=true', 'text/csv', 'import-csv-fields');
    expect(reply.status).toBe(200);
    expect(reply.body.invalid.map((r: { key: string; field: string }) => [r.key, r.field])).toEqual([
      ['f1', 'termUntil'],
      ['f2', 'policyVersion'],
      ['f3', 'email'],
      ['f4', 'evidenceKind'],
      ['f5', 'collectionMethod'],
      ['f6', 'purposes'],
    ]);
  });

  it('refuses a CSV header with a column it does not know, one twice, or no key or kind column, as a problem naming it', async () => {
    const before = await ledger.store.headPosition();
    const cases = [
      ['key,kind,iin,occurredAt,loanId,branch', 'branch', 'unknown-column'],
      ['key,kind,iin,loanId,iin,occurredAt', 'iin', 'duplicate-column'],
      ['kind,iin,occurredAt,loanId,evidenceKind', 'key', 'missing-column'],
      ['key,kind,iin,occurredAt,loanId,', '(column 6)', 'unnamed-column'],
    ];
    for (const [header, field, code] of cases) {
      const reply = await upload(
        `${header}\nh1,loan-signed,${iinNumber(7, 56)},2024-05-01T09:00:00Z,L-1,x\n`,
        '?dryRun=true',
        'text/csv',
        `import-${code}`,
      );
      expect({ header, status: reply.status, code: reply.body.code, errors: reply.body.errors }).toEqual({
        header,
        status: 400,
        code: 'invalid-request',
        errors: [expect.objectContaining({ field, code })],
      });
    }
    expect(await ledger.store.headPosition()).toBe(before);
  });

  it('reads an NDJSON file that begins with a byte-order mark', async () => {
    const iin = iinNumber(7, 57);
    const row = { key: 'bom-1', kind: 'loan-signed', iin, loanId: 'L-BOM', occurredAt: '2024-05-01T09:00:00Z' };
    const reply = await upload(`\ufeff${JSON.stringify(row)}\n`, '?dryRun=true', 'application/x-ndjson', 'import-bom');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 1, accepted: 1, invalid: [], refused: [] });
  });

  it('refuses a row key that holds an IIN, as the API refuses such an Idempotency-Key, without echoing it', async () => {
    const iin = iinNumber(7, 58);
    const row = (key: string) =>
      JSON.stringify({ key, kind: 'loan-signed', iin, loanId: 'L-KEY', occurredAt: '2024-05-01T09:00:00Z' });
    const reply = await upload(
      `${row(iin)}\n${row(`r:${iin}`)}\n`,
      '?dryRun=true',
      'application/x-ndjson',
      'import-iin-key',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 2, accepted: 0 });
    expect(reply.body.invalid).toEqual([
      { line: 1, field: 'key', code: 'iin-in-free-text', message: 'must not contain an IIN' },
      { line: 2, field: 'key', code: 'iin-in-free-text', message: 'must not contain an IIN' },
    ]);
    expect(JSON.stringify(reply.body)).not.toContain(iin);
  });

  it('refuses a row naming a field twice, as the API refuses such a body, instead of keeping the last', async () => {
    const [first, second] = [iinNumber(7, 60), iinNumber(7, 61)];
    const row = `{"key":"twice","kind":"loan-signed","iin":"${first}","loanId":"L-2","iin":"${second}","occurredAt":"2024-05-01T09:00:00Z"}`;
    const reply = await upload(`${row}\n`, '?dryRun=true', 'application/x-ndjson', 'import-twice');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 1, accepted: 0 });
    expect(reply.body.invalid).toEqual([expect.objectContaining({ line: 1, field: 'iin', code: 'duplicate-field' })]);
  });

  it('takes no row larger than the API takes a command (LEDGER_BODY_LIMIT_BYTES)', async () => {
    const iin = iinNumber(7, 59);
    const row = (key: string, padding: number) =>
      `{"key":"${key}","kind":"loan-signed",${' '.repeat(padding)}"iin":"${iin}","loanId":"L-BIG","occurredAt":"2024-05-01T09:00:00Z"}`;
    const reply = await upload(
      `${row('fits', 60_000)}\n${row('too-big', 70_000)}\n`,
      '?dryRun=true',
      'application/x-ndjson',
      'import-big',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 2, accepted: 1 });
    expect(reply.body.invalid).toEqual([expect.objectContaining({ line: 2, field: '(line)', code: 'too-large' })]);
  });

  it('answers a file of only bad rows with its first 10,000 problems by line and the counts of all', async () => {
    const rows = 12_000;
    const text = Array.from({ length: rows }, (_, i) =>
      i % 2 ? `{"key":"bad-${i}","kind":"grant","iin":"123"}` : `{"key":"bad-${i}","kind":"no-such-kind"}`,
    ).join('\n');
    const reply = await upload(text, '?dryRun=true', 'application/x-ndjson', 'import-only-bad');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows, accepted: 0, invalidCount: rows, refusedCount: 0, refused: [] });
    expect(reply.body.invalid.map((r: { line: number }) => r.line)).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i + 1),
    );
    expect(reply.body.invalid[1]).toMatchObject({ line: 2, key: 'bad-1', code: 'required' });
  });

  it('reports a policy row naming no policy, or one no policy can be called, as invalid: the rest goes on', async () => {
    const version = (key: string, policyId?: string) =>
      JSON.stringify({
        key,
        kind: 'publish-policy',
        ...(policyId === undefined ? {} : { policyId }),
        version: '1',
        effectiveFrom: '2024-01-01T00:00:00Z',
        occurredAt: '2024-01-01T00:00:00Z',
        materialChange: false,
        texts: { ru: { sha256: 'e'.repeat(64), url: 'https://acredit.kz/p/1/ru' } },
      });
    const text = [version('pp-bad', 'Not A-Policy'), version('pp-none'), version('pp-good', 'kept_2024')].join('\n');
    const reply = await upload(text, '', 'application/x-ndjson', 'import-policy-ids');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 3, accepted: 1 });
    expect(reply.body.invalid.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [1, 'policyId'],
      [2, 'policyId'],
    ]);
  });

  it('reads the media type whatever its case, as RFC 9110 has it', async () => {
    const csv = `key,kind,iin,occurredAt,channel,purposes\ncase-1,withdraw,${iinNumber(8, 55)},2024-06-01T09:00:00Z,paper,advertising`;
    const reply = await upload(csv, '?dryRun=true', 'Text/CSV; charset=UTF-8', 'import-case-1');
    expect({ status: reply.status, rows: reply.body.rows }).toEqual({ status: 200, rows: 1 });
  });

  it('refuses an upload that is not NDJSON or CSV', async () => {
    const reply = await upload('{}', '', 'application/json');
    expect(reply.status).toBe(415);
  });
});

/**
 * `npm run import -- FILE` (the CLI's own `run`, in this process, on a data folder of its own with the
 * ledger stopped): the report on stdout, a dry run that writes nothing, a second run that writes
 * nothing new, and a file that cannot be imported as a whole said in one line, exit code 2, no stack.
 */
describe('npm run import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-import-cli-'));
  const env = { ...process.env, NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'error' };
  const generated = generateImport(40, '2024-01-01T00:00:00.000Z', 7);
  const good = generated.rows - generated.invalid.size - generated.refused.size;
  afterAll(() => removeDir(dir));

  async function cli(...args: string[]) {
    return cliOn(env, ...args);
  }
  async function cliOn(environment: NodeJS.ProcessEnv, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runImportCli(
      args,
      { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
      environment,
    );
    return { code, stdout, stderr };
  }

  it('reports, writes nothing on a dry run, writes each good row once, and nothing on a second run', async () => {
    const file = join(dir, 'archive.ndjson');
    writeFileSync(file, generated.text);
    const dry = await cli(file, '--dry-run', '--as', 'admin-aigerim');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, accepted: good });

    const first = await cli(file, '--as', 'admin-aigerim');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    // Had the dry run written anything, these rows would count as already imported.
    expect(report).toMatchObject({ accepted: good, alreadyImported: 0 });
    expect(report.invalid.map((r: { line: number }) => r.line)).toEqual([...generated.invalid.keys()]);
    expect(report.refused.map((r: { line: number }) => r.line)).toEqual([...generated.refused.keys()]);
    expect(first.stderr).toMatch(/rows · \d+ accepted/);

    const again = await cli(file, '--as', 'admin-aigerim');
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, alreadyImported: good });
  });

  it('refuses an actor (--as) that holds an IIN, which every imported event would keep for good, writing nothing', async () => {
    const file = join(dir, 'by-iin.ndjson');
    const staffIin = newIin();
    writeFileSync(
      file,
      JSON.stringify({
        key: 'as-1',
        kind: 'loan-signed',
        iin: newIin(),
        loanId: 'L-AS',
        occurredAt: '2024-05-01T09:00:00Z',
      }) + '\n',
    );
    const refused = await cli(file, '--as', `admin-${staffIin}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--as holds an IIN/);
    expect(refused.stdout).toBe('');
    const events = readdirSync(dir).filter((name) => name.startsWith('events.sqlite'));
    for (const name of events) expect(readFileSync(join(dir, name)).includes(Buffer.from(staffIin))).toBe(false);
  });

  it('refuses a CSV header naming an unknown column in one line, exit code 2, no stack', async () => {
    const file = join(dir, 'odd.csv');
    writeFileSync(file, 'key,kind,iin,shoe_size\nk1,grant,900101300017,42\n');
    const refused = await cli(file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /import refused, invalid-request: line 1: the header names shoe_size \(unknown-column\)/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stdout).toBe('');
  });

  it('with the ledger running on the folder, says so in one line and names the HTTP import, exit code 3, no stack, and opens no store in it', async () => {
    const file = join(dir, 'while-running.ndjson');
    writeFileSync(file, generated.text);
    // A folder a ledger has just taken: the refused import must leave it as it found it.
    const busy = mkdtempSync(join(tmpdir(), 'ledger-import-busy-'));
    const running = DataFolderLock.acquire(busy);
    try {
      const refused = await cliOn({ ...env, LEDGER_DATA_DIR: busy }, file);
      // No store of its own, nor its writer thread: once opened, they outlived the refusal in this process.
      expect(readdirSync(busy).filter((name) => name.includes('.sqlite'))).toEqual([]);
      expect(refused).toEqual({
        code: 3,
        stdout: '',
        stderr: expect.stringMatching(
          /^import refused: the data folder .* is in use by another ledger process .*POST \/v1\/imports\n$/,
        ),
      });
    } finally {
      running.release();
      removeDir(busy);
    }
  });

  it('reads a file named .CSV, as Windows programs write it, as CSV', async () => {
    const file = join(dir, 'ARCHIVE.CSV');
    writeFileSync(file, `key,kind,iin,occurredAt,loanId\nupper-1,loan-signed,${newIin()},2024-05-01T09:00:00Z,L-UP\n`);
    const report = await cli(file, '--dry-run');
    expect([report.code, JSON.parse(report.stdout)]).toEqual([
      0,
      expect.objectContaining({ rows: 1, accepted: 1, invalidCount: 0 }),
    ]);
  });

  it('says which file it cannot read, and how it is used', async () => {
    const missing = await cli(join(dir, 'no-such-file.ndjson'));
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/^cannot read .*no-such-file\.ndjson/)]);
    const bare = await cli();
    expect([bare.code, bare.stderr]).toEqual([2, expect.stringMatching(/^usage: npm run import -- FILE/)]);
  });
});

/** The spool of an import re-sent under a completed one's key holds people's data in clear. */
describe('an import spool a crash left behind', () => {
  it('is removed when the ledger starts, before it serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-spool-'));
    const left = join(dir, `import-${'a'.repeat(32)}-${randomUUID()}.spool`);
    const kept = join(dir, 'notes.spool.txt');
    writeFileSync(left, '{"key":"k","kind":"grant","iin":"…"}\n');
    writeFileSync(kept, 'not the ledger’s');
    const ledger = await startLedger(undefined, { dir, env: { LEDGER_WEBHOOKS: 'off' } });
    try {
      expect([existsSync(left), existsSync(kept)]).toEqual([false, true]);
    } finally {
      await closeAndRemove(ledger);
    }
  });
});

/** A paper grant row of 10 November 2026, for microcredit and advertising, under the historical policy. */
function paperGrantRow(key: string, iin: string) {
  return {
    key,
    kind: 'grant',
    iin,
    occurredAt: '2026-11-10T09:00:00Z',
    purposes: ['microcredit-contract', 'advertising'],
    dataCategories: ['iin'],
    recipients: [],
    crossBorderTransferAllowed: false,
    publicationAllowed: false,
    term: { kind: 'until-purposes-achieved' },
    policyShown: { policyId: 'privacy', version: 'hist.1' },
    language: 'ru',
    collectionMethod: 'paper',
    evidence: [],
  };
}

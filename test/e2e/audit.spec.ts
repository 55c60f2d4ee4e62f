import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { run } from '../../apps/audit/src/main';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * Auditors take the history away and check it without trusting the service: every way of
 * tampering with an export must fail verification and say where.
 */
describe('exports checked offline by the audit CLI', () => {
  let ledger: Ledger;
  let work: string;
  let publicKeyFile: string;
  let log: string[];
  let subjectId: string;
  let consentId: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const end = ledger.clock.now();
    const summary = await generateDemoHistory((url, key, body) => ledger.command(url, key, body), ledger.clock, {
      people: 40,
      seed: 5,
      end,
    });
    ledger.clock.release();
    await caughtUp(ledger);
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    subjectId = (await ledger.request('POST', '/v1/subjects/resolve', { iin: summary.iins[0] })).body.subjectId;
    const state = await ledger.request('GET', `/v1/subjects/${subjectId}/consents`);
    consentId = state.body.consents[0].consentId;

    work = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    publicKeyFile = join(work, 'ledger.pem');
    const pem = (
      await ledger.app.inject({
        method: 'GET',
        url: '/v1/integrity/public-key.pem',
        headers: { authorization: `Bearer ${await ledger.token(['regulator'])}` },
      })
    ).body;
    expect(pem).toBe((await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem);
    writeFileSync(publicKeyFile, pem);
    log = (await exportText('/v1/exports/log')).trimEnd().split('\n');
  }, 60_000);

  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
    removeDir(work);
  });

  async function exportText(url: string): Promise<string> {
    const token = await ledger.token(['auditor']);
    const reply = await ledger.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('application/x-ndjson');
    return reply.body;
  }

  async function audit(...argv: string[]): Promise<{ code: number; output: string }> {
    let output = '';
    const code = await run(argv, (text) => (output += text));
    return { code, output };
  }

  function write(name: string, lines: readonly string[]): string {
    const file = join(work, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  const parsed = (line: string) => JSON.parse(line);
  const eventLines = () => log.map((line, i) => ({ i, value: parsed(line) })).filter((l) => l.value.kind === 'event');

  it('verifies an untouched export of the whole log, checkpoints included', async () => {
    const result = await audit('verify', write('log.ndjson', log), '--public-key', publicKeyFile);
    expect(result).toEqual({ code: 0, output: expect.stringMatching(/^OK whole log: \d+ events/) });
    expect(result.output).toMatch(/checkpoints: [1-9]\d* recomputed and matched/);
  });

  it('names the event whose content was changed by one byte', async () => {
    const target = eventLines().find((l) => l.value.type === 'ConsentGranted')!;
    const lines = [...log];
    // Flip one digit of the consent's occurredAt: same length, one byte different.
    const at = lines[target.i].indexOf('"occurredAt":"') + '"occurredAt":"'.length + 3;
    const digit = lines[target.i][at];
    lines[target.i] = lines[target.i].slice(0, at) + (digit === '7' ? '8' : '7') + lines[target.i].slice(at + 1);
    expect(Buffer.byteLength(lines[target.i])).toBe(Buffer.byteLength(log[target.i]));
    const result = await audit('verify', write('changed.ndjson', lines), '--public-key', publicKeyFile);
    expect(result.code).toBe(1);
    expect(result.output).toContain('content-changed');
    expect(result.output).toContain(target.value.id);
    expect(result.output).toContain(`line ${target.i + 1}`);
  });

  it('names the event after one that was dropped from a person’s stream', async () => {
    const subjectEvents = eventLines().filter((l) => l.value.stream.startsWith('subject-') && l.value.revision === 1);
    const dropped = subjectEvents[3];
    const next = eventLines().find((l) => l.value.stream === dropped.value.stream && l.value.revision === 2)!;
    const lines = log.filter((_, i) => i !== dropped.i);
    const result = await audit('verify', write('dropped.ndjson', lines), '--public-key', publicKeyFile);
    expect(result.code).toBe(1);
    expect(result.output).toContain('revision-gap');
    expect(result.output).toContain(next.value.id);
  });

  it('says where a dropped single-event stream broke the log, from the marks and checkpoints', async () => {
    const claim = eventLines().find((l) => l.value.stream.startsWith('command-'))!;
    const lines = log.filter((_, i) => i !== claim.i);
    const result = await audit('verify', write('dropped-claim.ndjson', lines), '--public-key', publicKeyFile);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/mark-mismatch|checkpoint-mismatch|seal-mismatch/);
    expect(result.output).toMatch(/events \d+–\d+/);
  });

  it('catches two events swapped within a stream and across streams', async () => {
    const events = eventLines();
    const a = events.find((l) => l.value.stream.startsWith('subject-') && l.value.revision === 0)!;
    const b = events.find((l) => l.value.stream === a.value.stream && l.value.revision === 1)!;
    const sameStream = [...log];
    [sameStream[a.i], sameStream[b.i]] = [sameStream[b.i], sameStream[a.i]];
    const within = await audit('verify', write('swapped.ndjson', sameStream), '--public-key', publicKeyFile);
    expect(within.code).toBe(1);
    expect(within.output).toMatch(/stream-not-from-start|revision-gap/);
    expect(within.output).toContain(a.value.stream.slice(0, 20));

    const x = events[10];
    const y = events.find((l) => l.i > x.i && l.value.stream !== x.value.stream)!;
    const acrossStreams = [...log];
    [acrossStreams[x.i], acrossStreams[y.i]] = [acrossStreams[y.i], acrossStreams[x.i]];
    const across = await audit('verify', write('swapped-across.ndjson', acrossStreams), '--public-key', publicKeyFile);
    expect(across.code).toBe(1);
    expect(across.output).toMatch(/mark-mismatch|checkpoint-mismatch|seal-mismatch|revision-gap|stream-not-from-start/);
  });

  it('catches a tail cut off, with or without the seal kept', async () => {
    const cut = await audit(
      'verify',
      write('cut.ndjson', log.slice(0, log.length - 10)),
      '--public-key',
      publicKeyFile,
    );
    expect(cut.code).toBe(1);
    expect(cut.output).toContain('seal-missing');
    expect(cut.output).toMatch(/cut short after line \d+/);

    const lines = [...log.slice(0, log.length - 6), log[log.length - 1]];
    const resealed = await audit('verify', write('cut-keep-seal.ndjson', lines), '--public-key', publicKeyFile);
    expect(resealed.code).toBe(1);
    expect(resealed.output).toMatch(/seal-mismatch|mark-mismatch/);
  });

  it('refuses an export signed by another key than the one the auditor holds', async () => {
    const other = join(work, 'other.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const result = await audit('verify', write('log2.ndjson', log), '--public-key', other);
    expect(result.code).toBe(1);
    expect(result.output).toContain('key-mismatch');
  });

  it('verifies a person’s export, and catches a dropped last event of their stream', async () => {
    const lines = (await exportText(`/v1/exports/subjects/${subjectId}`)).trimEnd().split('\n');
    const ok = await audit('verify', write('subject.ndjson', lines), '--public-key', publicKeyFile);
    expect(ok.code).toBe(0);
    expect(ok.output).toContain(`OK subject ${subjectId}`);
    const mine = lines
      .map((l, i) => ({ i, v: parsed(l) }))
      .filter((l) => l.v.kind === 'event' && l.v.stream === `subject-${subjectId}`);
    const without = lines.filter((_, i) => i !== mine[mine.length - 1].i);
    const cut = await audit('verify', write('subject-cut.ndjson', without), '--public-key', publicKeyFile);
    expect(cut.code).toBe(1);
    expect(cut.output).toMatch(/seal-mismatch/);
  });

  it('verifies an export of a period', async () => {
    const from = parsed(log[1]).metadata.recordedAt as string;
    const to = ledger.clock.now();
    const lines = (await exportText(`/v1/exports/period?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`))
      .trimEnd()
      .split('\n');
    const result = await audit('verify', write('period.ndjson', lines), '--public-key', publicKeyFile);
    expect(result.code).toBe(0);
    expect(result.output).toContain('OK period');
  });

  it('replays a person from the export with the evidence, and refuses to replay a tampered export', async () => {
    const file = write('replay.ndjson', log);
    const result = await audit(
      'replay',
      file,
      '--subject',
      subjectId,
      '--purpose',
      'credit-and-pension-checks',
      '--recipient',
      'first-credit-bureau',
      '--categories',
      'iin',
    );
    expect(result.code).toBe(0);
    expect(result.output).toContain(`consent ${consentId}`);
    expect(result.output).toMatch(/ConsentGranted #0 happened/);
    const json = await audit('replay', file, '--subject', subjectId, '--json');
    const api = await ledger.request(
      'GET',
      `/v1/subjects/${subjectId}/consents?at=${encodeURIComponent(JSON.parse(json.output).at)}&knownAt=${encodeURIComponent(JSON.parse(json.output).knownAt)}`,
    );
    expect(JSON.parse(json.output).consents.map((c: { status: string }) => c.status)).toEqual(
      api.body.consents.map((c: { status: string }) => c.status),
    );

    const tampered = [...log];
    const target = eventLines().find((l) => l.value.stream === `subject-${subjectId}`)!;
    tampered[target.i] = tampered[target.i].replace('"purposes":["', '"purposes":["research","');
    const refused = await audit('replay', write('tampered.ndjson', tampered), '--subject', subjectId);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('content-changed');
  });

  it('gives the same receipt from the export as the API, valid against the Kantara v1.1 schema', async () => {
    const result = await audit('receipt', write('receipt.ndjson', log), '--subject', subjectId, '--consent', consentId);
    expect(result.code).toBe(0);
    const fromExport = JSON.parse(result.output);
    const fromApi = (await ledger.request('GET', `/v1/subjects/${subjectId}/consents/${consentId}/receipt`)).body;
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../fixtures/kantara-consent-receipt-v1_1.schema.json'), 'utf8'),
    );
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(fromExport)).toBe(true);
    expect(validate(fromApi)).toBe(true);
    const stable = (r: any) => ({
      ...r,
      consentReceiptID: undefined,
      iso27560: { ...r.iso27560, header: undefined },
      law94v: undefined,
    });
    expect(stable(fromExport)).toEqual(stable(fromApi));
  });

  it('diff reports the answers where replay and the API disagree', async () => {
    await ledger.app.listen({ host: '127.0.0.1', port: 0 });
    const api = await ledger.app.getUrl();
    const token = await ledger.token(['auditor']);
    const agree = await audit('diff', write('diff.ndjson', log), '--api', api, '--token', token, '--sample', '10');
    expect(agree.code).toBe(0);
    // Unverified, an export that drops a person's withdrawal answers differently from the ledger.
    const withdrawal = eventLines().find((l) => l.value.type === 'ConsentWithdrawn')!;
    const lines = log.filter((_, i) => i !== withdrawal.i);
    const subject = withdrawal.value.stream.slice('subject-'.length);
    const differs = await audit(
      'diff',
      write('diff-bad.ndjson', lines),
      '--api',
      api,
      '--token',
      token,
      '--sample',
      '1000',
      '--no-verify',
    );
    expect(differs.code).toBe(1);
    expect(differs.output).toMatch(/^DIFFERENT/);
    expect(differs.output).toContain(subject);
  });

  it('exits 2 on bad usage and 3 on a missing file', async () => {
    expect((await audit('verify')).code).toBe(2);
    expect((await audit('frobnicate', 'x')).code).toBe(2);
    expect((await audit('verify', join(work, 'nope.ndjson'))).code).toBe(3);
  });
});

async function caughtUp(ledger: Ledger): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await ledger.request('GET', '/health/ready')).body.projection?.caughtUp) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('projections did not catch up');
}

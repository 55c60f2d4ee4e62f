import { AddressInfo, createServer } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { addMs } from '@ledger/consent-domain';
import { generateSigningKeyPem, loadSigningKey } from '@ledger/ledger-log';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { eventLinesOf, ExportedLine, forge } from '../../apps/ledger/src/exporting/testing/export-fixtures';
import { statementFor } from '../../apps/ledger/src/integrity/key-statement';
import { audit } from '../support/audit-cli';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * Auditors take the history away and check it without trusting the service: every way of
 * tampering with an export must fail verification and say where, and only a key the auditor
 * obtained out of band proves who signed it.
 */
describe('exports checked offline by the audit CLI', () => {
  let ledger: Ledger;
  let work: string;
  let publicKeyFile: string;
  let log: string[];
  let subjectId: string;
  let consentId: string;
  let iin: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const end = ledger.clock.now();
    const summary = await generateDemoHistory((url, key, body) => ledger.command(url, key, body), ledger.clock, {
      people: 20,
      seed: 5,
      end,
    });
    ledger.clock.release();
    await caughtUp(ledger);
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    iin = summary.iins[0];
    subjectId = (await ledger.request('POST', '/v1/subjects/resolve', { iin })).body.subjectId;
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

  function write(name: string, lines: readonly string[]): string {
    const file = join(work, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  const parsed = (line: string) => JSON.parse(line);
  const events = () => eventLinesOf(log);
  const pinned = () => ['--public-key', publicKeyFile];
  const dropping = (...lines: ExportedLine[]) => log.filter((_, i) => !lines.some((l) => l.index === i));

  describe('who signed it', () => {
    it('verifies an untouched export of the whole log with the key pinned as a PEM, a fingerprint or a key statement', async () => {
      const file = write('log.ndjson', log);
      const byPem = await audit('verify', file, ...pinned());
      expect(byPem).toMatchObject({ code: 0, output: expect.stringMatching(/^OK whole log: \d+ events/) });
      expect(byPem.output).toMatch(/checkpoints: [1-9]\d* recomputed and matched/);

      const health = await ledger.request('GET', '/health/ready');
      const published = await ledger.request('GET', '/v1/integrity/public-key');
      expect(health.body.signing.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(published.body.fingerprint).toBe(health.body.signing.fingerprint);
      expect((await audit('verify', file, '--key-fingerprint', health.body.signing.fingerprint)).code).toBe(0);

      const statement = join(work, 'key-statement.json');
      writeFileSync(statement, JSON.stringify(statementFor(ledger.config, ledger.clock.now()), null, 2));
      expect((await audit('verify', file, '--keyring', statement)).code).toBe(0);
    });

    it('without a pinned key, says in one line that nothing proves who signed it, and exits 4', async () => {
      const result = await audit('verify', write('unpinned.ndjson', log));
      expect(result.code).toBe(4);
      const [first, ...rest] = result.output.trimEnd().split('\n');
      expect(first).toMatch(
        /^UNPINNED whole log: \d+ events in \d+ streams are intact, but nothing proves who signed them/,
      );
      expect(rest.join('\n')).not.toMatch(/^OK/m);
      // Its head is not one to keep: anyone could have made the export it comes from.
      expect(rest.join('\n')).not.toContain('— keep it;');
      expect(rest.join('\n')).toMatch(
        /^log head: \d+:[0-9a-f]{64} — of an export nobody has shown to be the ledger's/m,
      );
    });

    it('does not exit 0 on a forged export: events deleted, chains rebuilt, checkpoints re-signed with a fresh key', async () => {
      const withdrawal = events().find((l) => l.type === 'ConsentWithdrawn')!;
      const forged = await forge(log, (l) => l.id === withdrawal.id, loadSigningKey(generateSigningKeyPem()));
      const file = write('forged.ndjson', forged);
      // The event is gone (a later refusal may still cite it as its reason: that is what forgers miss).
      expect(eventLinesOf(forged).some((l) => l.id === withdrawal.id)).toBe(false);
      const unpinned = await audit('verify', file);
      expect(unpinned.code).toBe(4);
      expect(unpinned.output).toMatch(/^UNPINNED/);
      const checked = await audit('verify', file, ...pinned());
      expect(checked.code).toBe(1);
      expect(checked.output).toContain('key-mismatch');
    });

    it('refuses an export signed by another key than the one the auditor holds', async () => {
      const other = join(work, 'other.pem');
      writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
      const result = await audit('verify', write('log2.ndjson', log), '--public-key', other);
      expect(result.code).toBe(1);
      expect(result.output).toContain('key-mismatch');
    });
  });

  describe('what it covers', () => {
    it('fails an export whose header was edited: creation time, catalogue version, scope', async () => {
      for (const edit of [
        (h: any) => (h.createdAt = addMs(h.createdAt, -60_000)),
        (h: any) => (h.catalogueVersion = `${h.catalogueVersion}-edited`),
        (h: any) => (h.scope = { kind: 'subject', subjectId }),
      ]) {
        const header = parsed(log[0]);
        edit(header);
        const result = await audit(
          'verify',
          write('header.ndjson', [JSON.stringify(header), ...log.slice(1)]),
          ...pinned(),
        );
        expect(result.code).toBe(1);
        expect(result.output).toMatch(/header-changed|stream-not-from-start|outside-scope|seal-mismatch/);
      }
    });

    it('fails an export where an event’s position was edited', async () => {
      const target = events()[Math.floor(events().length / 2)];
      const lines = [...log];
      lines[target.index] = lines[target.index].replace(
        /"position":"(\d+)"/,
        (_m, p) => `"position":"${Number(p) + 7}"`,
      );
      expect(lines[target.index]).not.toBe(log[target.index]);
      const result = await audit('verify', write('position.ndjson', lines), ...pinned());
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/mark-mismatch|seal-mismatch/);
    });

    it('names the event whose content was changed by one byte', async () => {
      const target = events().find((l) => l.type === 'ConsentGranted')!;
      const lines = [...log];
      // Flip one digit of the consent's occurredAt: same length, one byte different.
      const at = lines[target.index].indexOf('"occurredAt":"') + '"occurredAt":"'.length + 3;
      const digit = lines[target.index][at];
      lines[target.index] =
        lines[target.index].slice(0, at) + (digit === '7' ? '8' : '7') + lines[target.index].slice(at + 1);
      expect(Buffer.byteLength(lines[target.index])).toBe(Buffer.byteLength(log[target.index]));
      const result = await audit('verify', write('changed.ndjson', lines), ...pinned());
      expect(result.code).toBe(1);
      expect(result.output).toContain('content-changed');
      expect(result.output).toContain(target.id);
      expect(result.output).toContain(`line ${target.index + 1}`);
    });

    it('names the stream and revision of an event dropped from a person’s stream', async () => {
      const dropped = events().filter((l) => l.stream.startsWith('subject-') && l.revision === 1)[3];
      const result = await audit('verify', write('dropped.ndjson', dropping(dropped)), ...pinned());
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/sequence-broken|revision-gap/);
      expect(result.output).toContain(`${dropped.stream} revision 1`);
    });

    it('names the stream and revision of a dropped last event of a stream', async () => {
      const all = events();
      const lastOfStream = all.filter(
        (l, i) => l.stream.startsWith('subject-') && !all.slice(i + 1).some((m) => m.stream === l.stream),
      );
      const dropped = lastOfStream[5];
      const result = await audit('verify', write('dropped-last.ndjson', dropping(dropped)), ...pinned());
      expect(result.code).toBe(1);
      expect(result.output).toContain('sequence-broken');
      expect(result.output).toContain(`${dropped.stream} revision ${dropped.revision} is missing`);
    });

    it('names the streams and revisions of two events swapped between streams, and catches a swap within a stream', async () => {
      const all = events();
      const x = all[10];
      const y = all.find((l) => l.index > x.index + 2 && l.stream !== x.stream)!;
      const across = [...log];
      [across[x.index], across[y.index]] = [across[y.index], across[x.index]];
      const result = await audit('verify', write('swapped-across.ndjson', across), ...pinned());
      expect(result.code).toBe(1);
      expect(result.output).toContain('sequence-broken');
      expect(result.output).toContain(`${y.stream} revision ${y.revision}`);
      expect(result.output).toContain(`${all[9].stream} revision ${all[9].revision}`);

      const a = all.find((l) => l.stream.startsWith('subject-') && l.revision === 0)!;
      const b = all.find((l) => l.stream === a.stream && l.revision === 1)!;
      const within = [...log];
      [within[a.index], within[b.index]] = [within[b.index], within[a.index]];
      const inStream = await audit('verify', write('swapped.ndjson', within), ...pinned());
      expect(inStream.code).toBe(1);
      expect(inStream.output).toMatch(/stream-not-from-start|revision-gap|sequence-broken/);
      expect(inStream.output).toContain(a.stream);
    });

    it('catches a tail cut off, with or without the seal kept', async () => {
      const cut = await audit('verify', write('cut.ndjson', log.slice(0, log.length - 10)), ...pinned());
      expect(cut.code).toBe(1);
      expect(cut.output).toContain('seal-missing');
      expect(cut.output).toMatch(/cut short after line \d+/);

      const lines = [...log.slice(0, log.length - 6), log[log.length - 1]];
      const resealed = await audit('verify', write('cut-keep-seal.ndjson', lines), ...pinned());
      expect(resealed.code).toBe(1);
      expect(resealed.output).toMatch(/sequence-broken|seal-mismatch|mark-mismatch/);
    });
  });

  it('verifies a person’s export, and names a dropped last event of their stream', async () => {
    const lines = (await exportText(`/v1/exports/subjects/${subjectId}`)).trimEnd().split('\n');
    const ok = await audit('verify', write('subject.ndjson', lines), ...pinned());
    expect(ok.code).toBe(0);
    expect(ok.output).toContain(`OK subject ${subjectId}`);
    // It says what it cannot show, as docs/integrity.md does.
    expect(ok.output).toContain('what it does not prove: that the ledger left out none of the person’s events');
    const mine = eventLinesOf(lines).filter((l) => l.stream === `subject-${subjectId}`);
    const last = mine[mine.length - 1];
    const cut = await audit(
      'verify',
      write(
        'subject-cut.ndjson',
        lines.filter((_, i) => i !== last.index),
      ),
      ...pinned(),
    );
    expect(cut.code).toBe(1);
    expect(cut.output).toContain(`subject-${subjectId} revision ${last.revision}`);
  });

  it('verifies an export of a period', async () => {
    const from = parsed(log[1]).event.metadata.recordedAt as string;
    const to = ledger.clock.now();
    const lines = (await exportText(`/v1/exports/period?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`))
      .trimEnd()
      .split('\n');
    const result = await audit('verify', write('period.ndjson', lines), ...pinned());
    expect(result.code).toBe(0);
    expect(result.output).toContain('OK period');
    expect(result.output).toContain('what it does not prove: that the ledger left out none of the period’s events');
  });

  it('refuses a query parameter an export, a receipt or an access report does not take, rather than ignore it', async () => {
    // ?from= on a whole export is no period, and ?language= on a receipt no translation: said, not dropped.
    for (const url of [
      '/v1/exports/log?from=2025-01-01T00:00:00Z',
      `/v1/exports/subjects/${subjectId}?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z`,
      `/v1/subjects/${subjectId}/consents/${consentId}/receipt?language=ru`,
      `/v1/subjects/${subjectId}/access-report?from=2025-01-01T00:00:00Z`,
    ]) {
      const reply = await ledger.request('GET', url, undefined, {}, ['auditor']);
      expect([url, reply.status, reply.body.code, reply.body.errors?.[0]?.code]).toEqual([
        url,
        400,
        'invalid-request',
        'unknown-field',
      ]);
    }
    // Without one, or with the read-your-writes position a query takes, they answer as before.
    const head = await ledger.store.headPosition();
    for (const url of [
      `/v1/subjects/${subjectId}/access-report`,
      `/v1/subjects/${subjectId}/access-report?minPosition=${head}`,
      `/v1/subjects/${subjectId}/consents/${consentId}/receipt?minPosition=${head}`,
    ]) {
      expect([url, (await ledger.request('GET', url, undefined, {}, ['auditor'])).status]).toEqual([url, 200]);
    }
    expect((await exportText(`/v1/exports/subjects/${subjectId}?minPosition=${head}`)).length).toBeGreaterThan(0);
  });

  describe('replay', () => {
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
        ...pinned(),
      );
      expect(result.code).toBe(0);
      expect(result.errors).toBe('');
      expect(result.output).toContain(`consent ${consentId}`);
      expect(result.output).toMatch(/ConsentGranted #0 happened/);
      const json = await audit('replay', file, '--subject', subjectId, '--json', ...pinned());
      const { at, knownAt, consents } = JSON.parse(json.output);
      const api = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/consents?at=${encodeURIComponent(at)}&knownAt=${encodeURIComponent(knownAt)}`,
      );
      expect(consents.map((c: { status: string }) => c.status)).toEqual(
        api.body.consents.map((c: { status: string }) => c.status),
      );

      const tampered = [...log];
      const target = events().find((l) => l.stream === `subject-${subjectId}`)!;
      tampered[target.index] = tampered[target.index].replace('"purposes":["', '"purposes":["research","');
      expect(tampered[target.index]).not.toBe(log[target.index]);
      const refused = await audit('replay', write('tampered.ndjson', tampered), '--subject', subjectId, ...pinned());
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('content-changed');
    });

    it('answers from an export no pinned key proved with exit 4, never 0: a forger’s re-signed export answers too', async () => {
      // Everything of this person's withdrawn or disclosed dropped, chains rebuilt, re-signed with a fresh key.
      const forged = await forge(
        log,
        (l) => l.stream === `subject-${subjectId}` && l.revision > 0,
        loadSigningKey(generateSigningKeyPem()),
      );
      const file = write('forged-replay.ndjson', forged);
      const note = /note: the export is intact, but its signer is not pinned/;
      for (const argv of [
        ['replay', file, '--subject', subjectId],
        ['replay', file, '--subject', subjectId, '--json'],
        ['receipt', file, '--subject', subjectId, '--consent', consentId],
      ]) {
        const result = await audit(...argv);
        expect([argv.join(' '), result.code, result.errors]).toEqual([argv.join(' '), 4, expect.stringMatching(note)]);
        expect(result.output.length).toBeGreaterThan(0);
      }
      const unverified = await audit(
        'replay',
        write('replay-unverified.ndjson', log),
        '--subject',
        subjectId,
        '--no-verify',
      );
      expect([unverified.code, unverified.errors]).toEqual([4, expect.stringMatching(/not verified \(--no-verify\)/)]);
      // Pinned, the ledger's own export answers with 0.
      expect(
        (await audit('replay', write('replay-pinned.ndjson', log), '--subject', subjectId, ...pinned())).code,
      ).toBe(0);
    });

    it('honours --knownAt (the API’s spelling) as well as --known-at', async () => {
      const file = write('known-at.ndjson', log);
      const grant = eventLinesOf(log).find((l) => l.stream === `subject-${subjectId}` && l.type === 'ConsentGranted')!;
      const recordedAt = parsed(log[grant.index]).event.metadata.recordedAt as string;
      const granted = parsed(log[grant.index]).event.data.consentId as string;
      const before = addMs(recordedAt, -1000);
      const camel = await audit('replay', file, '--subject', subjectId, '--knownAt', before, '--json', ...pinned());
      const kebab = await audit('replay', file, '--subject', subjectId, '--known-at', before, '--json', ...pinned());
      const now = await audit('replay', file, '--subject', subjectId, '--json', ...pinned());
      expect(camel.code).toBe(0);
      expect(JSON.parse(camel.output).knownAt).toBe(before);
      expect(camel.output).toBe(kebab.output);
      const known = (output: string) => JSON.parse(output).consents.map((c: { consentId: string }) => c.consentId);
      expect(known(camel.output)).not.toContain(granted);
      expect(known(now.output)).toContain(granted);
      const api = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/consents?at=${encodeURIComponent(JSON.parse(camel.output).at)}&knownAt=${encodeURIComponent(before)}`,
      );
      expect(known(camel.output)).toEqual(api.body.consents.map((c: { consentId: string }) => c.consentId));
      const both = await audit('replay', file, '--subject', subjectId, '--knownAt', before, '--known-at', recordedAt);
      expect(both.code).toBe(2);
    });

    it('answers a late withdrawal exactly at its two times, ±1 ms, as the API does', async () => {
      const file = write('late-boundaries.ndjson', log);
      const late = eventLinesOf(log)
        .map((l) => ({ l, event: parsed(log[l.index]).event }))
        .find(
          ({ l, event }) =>
            l.type === 'ConsentWithdrawn' &&
            Date.parse(event.metadata.recordedAt) - Date.parse(event.metadata.occurredAt) > 60_000,
        )!;
      expect(late).toBeDefined();
      const person = late.l.stream.replace(/^subject-/, '');
      const { occurredAt, recordedAt } = late.event.metadata as { occurredAt: string; recordedAt: string };
      const statuses = async (at: string, knownAt: string) => {
        const replayed = await audit(
          'replay',
          file,
          '--subject',
          person,
          '--at',
          at,
          '--known-at',
          knownAt,
          '--json',
          ...pinned(),
        );
        expect(replayed.code).toBe(0);
        const api = await ledger.request(
          'GET',
          `/v1/subjects/${person}/consents?at=${encodeURIComponent(at)}&knownAt=${encodeURIComponent(knownAt)}`,
        );
        const pick = (consents: { consentId: string; status: string }[]) =>
          consents.map((c) => `${c.consentId}:${c.status}`).sort();
        expect(pick(JSON.parse(replayed.output).consents)).toEqual(pick(api.body.consents));
        return pick(JSON.parse(replayed.output).consents).join(' ');
      };
      // Known from the very millisecond it was recorded, counted from the very millisecond it happened.
      const known = await statuses(occurredAt, recordedAt);
      expect(known).not.toBe(await statuses(occurredAt, addMs(recordedAt, -1)));
      expect(known).not.toBe(await statuses(addMs(occurredAt, -1), recordedAt));
      expect(await statuses(addMs(occurredAt, 1), addMs(recordedAt, 1))).toBe(known);
    });

    it('gives the same receipt from the export as the API, valid against the Kantara v1.1 schema', async () => {
      const result = await audit(
        'receipt',
        write('receipt.ndjson', log),
        '--subject',
        subjectId,
        '--consent',
        consentId,
        // The ledger's defaults (LEDGER_RETENTION_*), so that the receipt states the same storage period.
        '--retention',
        write('retention.json', [JSON.stringify({ defaultYears: 5, byDataCategory: {}, creditBureauYears: 10 })]),
        ...pinned(),
      );
      expect(result.code).toBe(0);
      const fromExport = JSON.parse(result.output);
      const fromApi = (await ledger.request('GET', `/v1/subjects/${subjectId}/consents/${consentId}/receipt`)).body;
      const schema = JSON.parse(
        readFileSync(join(__dirname, '../fixtures/kantara-consent-receipt-v1_1.schema.json'), 'utf8'),
      );
      const validate = new Ajv({ strict: false }).compile(schema);
      expect(validate(fromExport)).toBe(true);
      expect(validate(fromApi)).toBe(true);
      // The export holds the person's identifiers only sealed: the receipt says so (held, not opened), where the
      // API, which opens them, states what the grant gave (Law 94-V Art. 8(4)(2): a consent names the person).
      const subjectParty = (r: any) => ({ ...r.iso27560.parties[1], name: undefined, contact: undefined });
      const stable = (r: any) => ({
        ...r,
        consentReceiptID: undefined,
        // The API signs what it issues; a receipt made from an export is the auditor's own, unsigned.
        publicKey: undefined,
        proof: undefined,
        // Issued at different moments (the export's, now), each about its own: the T is the issue time.
        iso27560: {
          ...r.iso27560,
          header: undefined,
          parties: [r.iso27560.parties[0], subjectParty(r)],
          stateAtIssuance: { ...r.iso27560.stateAtIssuance, at: undefined },
        },
        law94v: undefined,
      });
      expect(stable(fromExport)).toEqual(stable(fromApi));
      const sealed = { absent: 'sealed', note: expect.stringContaining('only the ciphertext') };
      expect(fromExport.law94v.subject.fullName).toEqual(sealed);
      expect(fromExport.iso27560.parties[1]).toMatchObject({ name: sealed, contact: sealed });
      // How long the data is kept, not only the consent's term (ISO/IEC TS 27560; Law 573-II Art. 23(6)).
      expect(fromApi.iso27560.processing.retentionPeriod).toMatchObject({ yearsAfterRelationshipEnds: 5 });
    });

    it('diff reports the answers where replay and the API disagree', async () => {
      await ledger.app.listen({ host: '127.0.0.1', port: 0 });
      const api = await ledger.app.getUrl();
      const token = await ledger.token(['auditor']);
      const agree = await audit(
        'diff',
        write('diff.ndjson', log),
        '--api',
        api,
        '--token',
        token,
        '--sample',
        '10',
        ...pinned(),
      );
      expect(agree.code).toBe(0);
      // Unverified, an export that drops a person's withdrawal answers differently from the ledger.
      const withdrawal = events().find((l) => l.type === 'ConsentWithdrawn')!;
      const subject = withdrawal.stream.slice('subject-'.length);
      const differs = await audit(
        'diff',
        write('diff-bad.ndjson', dropping(withdrawal)),
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
      // A few people are asked at a time; the report is the same, in sample order, one at a time.
      const badExport = write('diff-bad.ndjson', dropping(withdrawal));
      const asked = (concurrency: string) =>
        audit(
          'diff',
          badExport,
          '--api',
          api,
          '--token',
          token,
          '--sample',
          '1000',
          '--no-verify',
          '--concurrency',
          concurrency,
        );
      expect((await asked('1')).output).toBe(differs.output);
      // A ledger that cannot be reached is named, with why, not only "fetch failed".
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const nobody = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise((resolve) => closed.close(resolve));
      const unreachable = await audit('diff', badExport, '--api', nobody, '--token', token, '--no-verify');
      expect(unreachable.code).not.toBe(0);
      expect(unreachable.errors).toContain(`the ledger at ${nobody} could not be reached: ECONNREFUSED`);
      expect((await asked('0')).code).toBe(2);
    });
  });

  describe('the command line', () => {
    it('refuses an unknown flag with the usage and exit 2', async () => {
      const result = await audit('verify', write('flags.ndjson', log), '--public-kye', publicKeyFile);
      expect(result.code).toBe(2);
      expect(result.errors).toMatch(/^unknown option --public-kye for verify/);
      expect(result.errors).toContain('exit codes:');
      expect((await audit('replay', write('flags.ndjson', log), '--subject', subjectId, '--verbose')).code).toBe(2);
      expect((await audit('verify', write('flags.ndjson', log), '--subject', subjectId)).code).toBe(2);
    });

    it('prints the usage with exit 0 when asked, exit 2 when not given a command', async () => {
      for (const argv of [['--help'], ['help'], ['verify', '--help'], ['-h']]) {
        const result = await audit(...argv);
        expect(result.code).toBe(0);
        expect(result.output).toContain('exit codes: 0 ok');
        expect(result.output).toContain('4 intact, but the signer is not pinned');
      }
      expect((await audit()).code).toBe(2);
      expect((await audit('frobnicate', 'x')).code).toBe(2);
      expect((await audit('verify')).code).toBe(2);
      expect(
        (await audit('replay', write('at.ndjson', log), '--subject', subjectId, '--at', 'last tuesday')).code,
      ).toBe(2);
    });

    it('says how to get the pseudonym when given an IIN', async () => {
      const result = await audit('replay', write('iin.ndjson', log), '--subject', iin);
      expect(result.code).toBe(2);
      expect(result.errors).toMatch(/^--subject takes the person’s pseudonym, not an IIN/);
      expect(result.errors).toContain('POST /v1/subjects/resolve');
      expect(result.errors).not.toContain(iin);
    });

    it('reports a missing file in one line, without a trace', async () => {
      const missing = await audit('verify', join(work, 'nope.ndjson'));
      expect(missing.code).toBe(3);
      expect(missing.output).toBe('');
      expect(missing.errors).toBe(`error: cannot read the export ${join(work, 'nope.ndjson')}: no such file\n`);
      const key = await audit('verify', write('present.ndjson', log), '--public-key', join(work, 'nope.pem'));
      expect(key.code).toBe(3);
      expect(key.errors).toBe(`error: cannot read --public-key ${join(work, 'nope.pem')}: no such file\n`);
    });
  });
});

async function caughtUp(ledger: Ledger): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await ledger.request('GET', '/health/ready')).body.projection?.caughtUp) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('projections did not catch up');
}

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { generateImport, iinNumber } from '../../scripts/bench/generated-import';
import { Ledger, startLedger, closeAndRemove } from '../support/ledger-harness';

/**
 * What a lender's old files hold at their edges: a CSV field broken over two lines or with text after
 * its closing quote, a file saved in Windows-1251 rather than UTF-8. Each is an invalid row with its
 * line, never a row written with its data cut short or its letters turned into U+FFFD for good.
 */
const NOW = '2026-11-25T10:00:00.000Z';

describe('bulk import: the edges of old files', () => {
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off' } });
    ledger.clock.set(NOW);
    // The policy version the grants below were shown.
    const policy = generateImport(1, '2024-01-01T00:00:00.000Z', 90);
    expect((await upload(policy.text, '', 'application/x-ndjson', 'import-edges-policy')).body).toMatchObject({
      accepted: 1,
    });
  });
  afterAll(() => closeAndRemove(ledger));

  async function upload(
    payload: string | Buffer,
    query: string,
    type: string,
    importKey: string,
    headers: Record<string, string> = {},
  ) {
    const token = await ledger.token(['compliance-admin'], 'admin-aigerim');
    const response = await ledger.app.inject({
      method: 'POST',
      url: `/v1/imports${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'idempotency-key': importKey, ...headers },
      payload,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  }

  const header =
    'key,kind,iin,occurredAt,purposes,dataCategories,recipients,crossBorderTransferAllowed,publicationAllowed,policyId,policyVersion,language,collectionMethod,fullName';
  const grant = (key: string, iin: string, fullName: string) =>
    `${key},grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,false,false,privacy,hist.1,ru,paper,${fullName}`;

  it('refuses a CSV field whose quote is not closed on its line (a line break inside it) instead of writing it cut short', async () => {
    const iin = iinNumber(1, 91);
    const csv = [
      header,
      grant('q1', iin, '"Айгерім'),
      'Серікқызы"',
      grant('q2', iin, '"Серік, ""Бек"" Ұлы"'),
      grant('q3', iin, '"Айгерім"Серікқызы'),
    ].join('\r\n');
    const reply = await upload(csv, '', 'text/csv', 'import-edges-quotes');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ rows: 4, accepted: 1, refused: [] });
    expect(reply.body.invalid.map((r: { line: number; key?: string; field: string; code: string }) => r)).toEqual([
      expect.objectContaining({ line: 2, key: 'q1', field: 'fullName', code: 'malformed-csv' }),
      expect.objectContaining({ line: 3, code: 'column-count' }),
      expect.objectContaining({ line: 5, key: 'q3', field: 'fullName', code: 'malformed-csv' }),
    ]);
    // Only the row quoted as RFC 4180 has it was written, with its comma and its quotes.
    const subjectId = (await ledger.request('POST', '/v1/subjects/resolve', { iin }, {}, ['auditor'])).body.subjectId;
    const events = await ledger.store.readStream(`subject-${subjectId}`);
    expect(events.filter((e) => e.type === 'ConsentGranted').map((e) => e.metadata)).toEqual([
      expect.objectContaining({ imported: expect.objectContaining({ line: 4 }) }),
    ]);
  });

  it('refuses a line that is not UTF-8 (a file saved in Windows-1251) instead of writing U+FFFD for its letters', async () => {
    const iin = iinNumber(2, 91);
    // "Айгерім" as Windows-1251 writes it (і is 0xB3).
    const cp1251 = Buffer.from([0xc0, 0xe9, 0xe3, 0xe5, 0xf0, 0xb3, 0xec]);
    const row = (key: string) => ({
      ...JSON.parse(generateImport(2, '2024-01-01T00:00:00.000Z', 91).text.split('\n')[1]),
      key,
      iin,
    });
    const line = (key: string, name: Buffer | string) => {
      const [before, after] = JSON.stringify({ ...row(key), subject: { fullName: '@' } }).split('@');
      return Buffer.concat([Buffer.from(before), Buffer.from(name), Buffer.from(after), Buffer.from('\n')]);
    };
    const file = Buffer.concat([line('u1', 'Айгерім'), line('u2', cp1251)]);
    for (const query of ['?dryRun=true', '']) {
      const reply = await upload(file, query, 'application/x-ndjson', 'import-edges-utf8');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ rows: 2, accepted: 1, refused: [] });
      expect(reply.body.invalid).toEqual([expect.objectContaining({ line: 2, field: '(line)', code: 'invalid-utf8' })]);
      // The digest the import is audited with is the file's, byte for byte.
      expect(reply.body.fileDigest).toBe(createHash('sha256').update(file).digest('hex'));
    }
    const csv = Buffer.concat([
      Buffer.from(`${header}\n${grant('u3', iinNumber(3, 91), '')}`),
      cp1251,
      Buffer.from('\n'),
    ]);
    const reply = await upload(csv, '?dryRun=true', 'text/csv', 'import-edges-utf8-csv');
    expect(reply.body.invalid).toEqual([expect.objectContaining({ line: 2, field: '(line)', code: 'invalid-utf8' })]);
  });

  it('refuses a file said to be in another charset, or sent compressed, before it records the import (415)', async () => {
    const row = `${JSON.stringify({ key: 'enc-1', kind: 'loan-signed', iin: iinNumber(4, 91), loanId: 'L-1', occurredAt: '2024-05-01T09:00:00Z' })}\n`;
    const before = await ledger.store.headPosition();
    const sent = [
      await upload(row, '', 'application/x-ndjson; charset=windows-1251', 'import-edges-encoding'),
      await upload(gzipSync(row), '', 'application/x-ndjson', 'import-edges-encoding', { 'content-encoding': 'gzip' }),
    ];
    expect(sent.map((r) => [r.status, r.body.code])).toEqual([
      [415, 'unsupported-media-type'],
      [415, 'unsupported-media-type'],
    ]);
    expect(await ledger.store.headPosition()).toBe(before);
    // Nothing holds the key: the file sent as UTF-8, uncompressed, under it is imported.
    const plain = await upload(row, '', 'application/x-ndjson; charset=UTF-8', 'import-edges-encoding');
    expect(plain.body).toMatchObject({ rows: 1, accepted: 1 });
  });

  it('answers a body of another media type 415 whatever it holds, saying what an import reads', async () => {
    const before = await ledger.store.headPosition();
    // A JSON body was parsed before the route looked at its type: broken JSON was 400 malformed-json,
    // and every refusal's title and Fastify's detail said "Send application/json" to an import.
    const sent = [
      await upload('{"key":"m-1","kind":', '', 'application/json', 'import-edges-media'),
      await upload('{"key":"m-1"}', '', 'application/json', 'import-edges-media'),
      await upload('key,kind\n', '', 'application/csv', 'import-edges-media'),
    ];
    for (const reply of sent) {
      expect([reply.status, reply.body.code]).toEqual([415, 'unsupported-media-type']);
      expect(reply.body.detail).toBe('send application/x-ndjson or text/csv');
      expect(reply.body.title).not.toMatch(/json/i);
    }
    expect(await ledger.store.headPosition()).toBe(before);
  });

  it('refuses a row carrying a commandId, since its key is its idempotency key, instead of ignoring it', async () => {
    const row = {
      key: 'cmd-1',
      kind: 'loan-signed',
      iin: iinNumber(6, 91),
      loanId: 'L-1',
      occurredAt: '2024-05-01T09:00:00Z',
    };
    // Taken as an API body, the row's commandId was read and then never used: a second key the sender
    // may think holds, where a field a request does not use is refused, never ignored.
    const reply = await upload(
      `${JSON.stringify({ ...row, commandId: 'other-key' })}\n`,
      '?dryRun=true',
      'application/x-ndjson',
      'import-edges-command-id',
    );
    expect(reply.body).toMatchObject({ rows: 1, accepted: 0, refused: [] });
    expect(reply.body.invalid).toEqual([
      expect.objectContaining({ line: 1, key: 'cmd-1', field: 'commandId', code: 'unknown-field' }),
    ]);
  });

  it('reports a row key used again for another row with its line, in the key’s own words, dry run and real alike', async () => {
    const iin = iinNumber(5, 91);
    const loan = (loanId: string) =>
      JSON.stringify({ key: 'same-key', kind: 'loan-signed', iin, loanId, occurredAt: '2024-05-01T09:00:00Z' });
    const file = `${loan('L-1')}\r\n\r\n${loan('L-2')}\r\n`;
    for (const query of ['?dryRun=true', '']) {
      const reply = await upload(file, query, 'application/x-ndjson', 'import-edges-reused');
      expect(reply.body).toMatchObject({ rows: 2, accepted: 1, invalid: [] });
      expect(reply.body.refused).toEqual([
        {
          line: 3,
          key: 'same-key',
          field: 'key',
          code: 'idempotency-key-reused',
          message: expect.stringMatching(/^row key same-key was already used for a different row/),
        },
      ]);
    }
  });

  it('reads TRUE and FALSE, as spreadsheet programs write booleans, as true and false; nothing else', async () => {
    const iin = iinNumber(6, 91);
    const csv = [
      'key,kind,iin,occurredAt,purposes,dataCategories,recipients,crossBorderTransferAllowed,publicationAllowed,notifyOnDisclosure,policyId,policyVersion,language,collectionMethod',
      `b1,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,FALSE,False,TRUE,privacy,hist.1,ru,paper`,
      `b2,grant,${iin},2024-05-01T09:00:00Z,microcredit-contract,iin,,no,false,true,privacy,hist.1,ru,paper`,
    ].join('\n');
    const reply = await upload(csv, '?dryRun=true', 'text/csv', 'import-edges-booleans');
    expect(reply.body).toMatchObject({ rows: 2, accepted: 1, refused: [] });
    expect(reply.body.invalid).toEqual([
      expect.objectContaining({ line: 3, key: 'b2', field: 'crossBorderTransferAllowed', code: 'isBoolean' }),
    ]);
  });

  it('says a CSV publish-policy row needs NDJSON, rather than naming a column it cannot take', async () => {
    const csv = 'key,kind,policyId,policyVersion,occurredAt\np1,publish-policy,privacy,v9,2024-01-01T00:00:00Z\n';
    const reply = await upload(csv, '?dryRun=true', 'text/csv', 'import-edges-csv-policy');
    expect(reply.body).toMatchObject({ rows: 1, accepted: 0, refused: [] });
    expect(reply.body.invalid).toEqual([
      expect.objectContaining({ line: 2, key: 'p1', field: 'kind', code: 'ndjson-only' }),
    ]);
  });
});

import { Readable } from 'node:stream';
import { StoredEvent } from '@ledger/event-store';
import { generateImport, iinNumber } from '../../scripts/bench/generated-import';
import { IMPORT_COLUMNS } from '../../apps/ledger/src/importing/import-rows';
import { Importer, ImportReport } from '../../apps/ledger/src/importing/importer';
import { CheckedRow, LineBatch } from '../../apps/ledger/src/importing/row-check';
import { RowChecker } from '../../apps/ledger/src/importing/row-checker';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';
import { builtRowCheckThread } from '../support/service-process';

/**
 * An import's lines are parsed and validated on a thread of their own (RowChecker). The thread
 * gives every line exactly the answer the main thread gives — the same DTO for a good row, the same
 * line, field, code and message for a bad one — and a thread that dies mid-import stops the import
 * with nothing of a row half-written: run again, every good row is written once.
 */
const good = generateImport(300, '2024-01-01T00:00:00.000Z', 7);
const grant = JSON.parse(good.text.split('\n')[1]) as Record<string, unknown>;

/** Every kind of bad line, beside the generator's own. */
const BAD_LINES = [
  '{"key": "broken',
  '[1, 2]',
  JSON.stringify({ ...grant, key: 'no spaces allowed' }),
  JSON.stringify({ ...grant, key: 'bad-kind', kind: 'grant-everything' }),
  JSON.stringify({ ...grant, key: 'wrong-type', purposes: 'advertising' }),
  JSON.stringify({ ...grant, key: 'missing', iin: undefined }),
  JSON.stringify({ ...grant, key: 'unknown-field', surprise: true }),
  JSON.stringify({ ...grant, key: 'inherited', constructor: 1 }),
  JSON.stringify({ ...grant, key: 'bad-iin', iin: iinNumber(3, 7).slice(0, 11) + '0' }),
  JSON.stringify({ ...grant, key: 'iin-in-text', evidence: [{ kind: 'scan', reference: `doc ${iinNumber(4, 7)}` }] }),
  JSON.stringify({ ...grant, key: 'bad-date', occurredAt: '2024-02-30T10:00:00Z' }),
  JSON.stringify({ ...grant, key: 'nested', term: { kind: 'until' } }),
  JSON.stringify({ ...grant, key: 'deep', subject: { fullName: [[[[[[[[[[[[[[[[[['x']]]]]]]]]]]]]]]]]] } }),
  JSON.stringify({ key: 'withdraw-null', kind: 'withdraw', iin: grant.iin, occurredAt: null }),
  JSON.stringify({ key: 'loan-empty', kind: 'loan-signed' }),
  JSON.stringify({ key: 'accept-bad', kind: 'accept-policy', iin: grant.iin, policy: { policyId: 7 } }),
];

function batchOf(text: string, format: LineBatch['format'] = 'ndjson', columns?: readonly string[]): LineBatch {
  const lines: number[] = [];
  const texts: string[] = [];
  text.split('\n').forEach((t, i) => {
    if (t.trim() === '') return;
    lines.push(i + 1);
    texts.push(t);
  });
  return { format, columns, lines, texts };
}

/** What crosses between threads: a structured clone (the DTO classes' prototypes stay behind). */
const asSent = (rows: CheckedRow[]) => structuredClone(rows);

describe('the row-checking thread', () => {
  const checker = new RowChecker(builtRowCheckThread());
  afterAll(() => checker.close());

  it('answers every line as the main thread does', async () => {
    const batch = batchOf([...good.text.trimEnd().split('\n'), ...BAD_LINES].join('\n'));
    const [there, here] = await Promise.all([checker.check(batch), checker.check(batch, true)]);
    expect(there).toEqual(asSent(here));
    expect(there).toHaveLength(batch.lines.length);
    // Not vacuous: the bad lines are answered, each with its line and the field at fault.
    const failed = there.filter((r) => 'failed' in r);
    const expectedBad = good.invalid.size + BAD_LINES.length;
    expect(failed).toHaveLength(expectedBad);
    for (const r of failed) expect(r.failed.problem).toMatchObject({ line: r.line, code: expect.any(String) });
    const codes = failed.map((r) => r.failed.problem.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'malformed-json',
        'not-an-object',
        'invalid-key',
        'unknown-kind',
        'required',
        'unknown-field',
        'isIin',
        'iin-in-free-text',
        'isInstant',
        'too-deep',
      ]),
    );
    const lastLine = batch.lines[batch.lines.length - 1];
    expect(failed.find((r) => r.line === lastLine)?.failed.problem.field).toBe('policy.policyId');
  });

  it('reads CSV rows under the header read on the main thread', async () => {
    const columns = ['key', 'kind', 'iin', 'occurredAt', 'loanId'];
    expect(IMPORT_COLUMNS).toEqual(expect.arrayContaining(columns));
    const csv = [
      `l1,loan-signed,${iinNumber(1, 7)},2024-03-01T10:00:00Z,loan-1`,
      `l2,loan-signed,${iinNumber(2, 7)},not a date,loan-2`,
      `l3,loan-fulfilled,${iinNumber(3, 7)},2024-03-01T10:00:00Z`,
      `l4,loan-fulfilled,${iinNumber(4, 7)},2024-03-01T10:00:00+05:00,"loan-4"`,
    ].join('\n');
    const batch = batchOf(csv, 'csv', columns);
    const there = await checker.check(batch);
    expect(there).toEqual(asSent(await checker.check(batch, true)));
    expect(there.map((r) => ('failed' in r ? r.failed.problem.code : r.kind))).toEqual([
      'loan-signed',
      'isInstant',
      'column-count',
      'loan-fulfilled',
    ]);
  });
});

describe('an import whose row-checking thread dies', () => {
  const file = generateImport(500, '2024-01-01T00:00:00.000Z', 8);
  const goodRows = file.rows - file.invalid.size - file.refused.size;
  let ledger: Ledger;

  afterAll(async () => {
    await ledger?.close();
    if (ledger) removeDir(ledger.dir);
  });

  const run = (): Promise<ImportReport> =>
    ledger.app.get(Importer).run({
      input: Readable.from([file.text]),
      format: 'ndjson',
      importId: 'thread_dies',
      actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
    });

  it('stops, and run again writes every row once', async () => {
    // Batches of 200 rows: the file is three of them.
    ledger = await startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off', LEDGER_IMPORT_CHUNK_ROWS: '200' } });
    // The import's own checker, on the built thread (run from sources it would check here).
    const checker = new RowChecker(builtRowCheckThread());
    (ledger.app.get(Importer) as unknown as { checker: RowChecker }).checker = checker;
    const thread = checker as unknown as { worker?: { terminate(): Promise<number> } };
    const check = checker.check.bind(checker);
    let sent = 0;
    // The thread dies holding the third batch (and perhaps the second), the first one being decided.
    checker.check = (batch, here) => {
      const answer = check(batch, here);
      if (++sent === 3) void thread.worker!.terminate();
      return answer;
    };
    await expect(run()).rejects.toThrow(/row-checking thread stopped/);
    checker.check = check;
    const written = await importedLines(ledger);
    expect(written.size).toBeGreaterThan(0);
    expect(written.size).toBeLessThan(goodRows);

    const resumed = await run();
    expect(resumed.invalid.map((r) => [r.line, r.code])).toEqual([...file.invalid.entries()]);
    expect(resumed.refused.map((r) => [r.line, r.code])).toEqual([...file.refused.entries()]);
    expect(resumed.alreadyImported).toBe(written.size);
    expect(resumed.accepted + resumed.alreadyImported).toBe(goodRows);
    const after = await importedLines(ledger);
    expect(after.size).toBe(goodRows);
    // One claim per row: nothing written twice.
    for (const count of after.values()) expect(count).toBe(1);
  }, 120_000);
});

/** How many claims each imported line has in the log. */
async function importedLines(ledger: Ledger): Promise<Map<number, number>> {
  const lines = new Map<number, number>();
  let after: StoredEvent['position'] | undefined;
  for (;;) {
    const page = await ledger.store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return lines;
    for (const event of page) {
      const imported = event.metadata.imported as { line: number } | undefined;
      if (imported && event.type === 'CommandReceived') lines.set(imported.line, (lines.get(imported.line) ?? 0) + 1);
    }
    after = page[page.length - 1].position;
  }
}

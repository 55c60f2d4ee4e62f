import { Readable } from 'node:stream';
import { StoredEvent } from '@ledger/event-store';
import { iinNumber } from '../../scripts/bench/generated-import';
import { Importer, ImportReport } from '../../apps/ledger/src/importing/importer';
import { RowChecker } from '../../apps/ledger/src/importing/row-checker';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';
import { builtRowCheckThread } from '../support/service-process';
import { grantRequest } from '../support/requests';

/**
 * The import decides a person's rows of a chunk together, as one series, and writes them in one
 * group commit. That must change nothing: the same rows sent as HTTP commands one by one (same
 * idempotency keys) to another ledger leave the same streams, event by event — same ids, types,
 * data (sealed values aside: their IVs are random), occurredAt and request digests — and get the
 * same answers (written, replayed, or refused for the same reason). Only recordedAt, the hash chain
 * over it, the actor and the import's marks may differ. The rows are checked on the import's
 * row-checking thread as built (a file this small would be checked on the main thread, which
 * row-checker.spec.ts holds to the thread's answers), so what crosses between threads is held too.
 */
const NOW = '2026-11-25T10:00:00.000Z';
const at = (hoursBefore: number) => new Date(Date.parse(NOW) - hoursBefore * 3_600_000).toISOString();
const A = iinNumber(1, 77);
const B = iinNumber(2, 77);
const C = iinNumber(3, 77);

const grant = (key: string, iin: string, hoursBefore: number) =>
  grantRequest({
    key,
    kind: 'grant',
    iin,
    purposes: ['microcredit-contract', 'advertising'],
    dataCategories: ['iin', 'mobile-phone'],
    recipients: ['advertising-partners'],
    policyShown: { policyId: 'privacy', version: '2026.1' },
    language: 'ru',
    collectionMethod: 'paper',
    subject: { fullName: 'Айгерим Сапарова', phone: '+77010000000' },
    evidence: [{ kind: 'scan', reference: `archive/${key}` }],
    occurredAt: at(hoursBefore),
  });
const withdraw = (key: string, iin: string, hoursBefore: number, scope: object) => ({
  key,
  kind: 'withdraw',
  iin,
  scope,
  channel: 'paper',
  evidence: [],
  occurredAt: at(hoursBefore),
});
const loan = (
  key: string,
  kind: 'loan-signed' | 'loan-fulfilled',
  iin: string,
  loanId: string,
  hoursBefore: number,
) => ({
  key,
  kind,
  iin,
  loanId,
  occurredAt: at(hoursBefore),
});

/** Three people's histories, interleaved: refusals, a recorded refusal, a repeated row, a reused key. */
const ROWS: Record<string, unknown>[] = [
  {
    key: 'p1',
    kind: 'publish-policy',
    policyId: 'privacy',
    version: '2026.1',
    effectiveFrom: at(400),
    occurredAt: at(400),
    materialChange: true,
    texts: { ru: { sha256: 'd'.repeat(64), url: 'https://acredit.kz/p/2026.1/ru' } },
  },
  grant('a-g1', A, 300),
  withdraw('b-w0', B, 290, { purposes: ['advertising'] }),
  loan('a-l1', 'loan-signed', A, 'MC-1', 280),
  grant('b-g1', B, 270),
  withdraw('a-w1', A, 260, { purposes: ['microcredit-contract'] }),
  withdraw('a-w2', A, 250, { purposes: ['advertising'] }),
  withdraw('a-w2', A, 250, { purposes: ['advertising'] }),
  loan('a-l1f', 'loan-fulfilled', A, 'MC-1', 240),
  grant('c-g1', C, 230),
  withdraw('a-w3', A, 220, { purposes: ['microcredit-contract'] }),
  {
    key: 'b-acc',
    kind: 'accept-policy',
    iin: B,
    policy: { policyId: 'privacy', version: '2026.1' },
    method: 'paper',
    evidence: [],
    occurredAt: at(210),
  },
  withdraw('a-w2', A, 200, { recipients: ['advertising-partners'] }),
  loan('c-l9', 'loan-fulfilled', C, 'MC-9', 190),
  grant('a-g2', A, 180),
  loan('c-l2', 'loan-signed', C, 'MC-2', 170),
  withdraw('c-w1', C, 160, { purposes: ['microcredit-contract', 'advertising'] }),
];

const ROUTES: Record<string, string> = {
  grant: '/v1/consents',
  withdraw: '/v1/withdrawals',
  'accept-policy': '/v1/policy-acceptances',
  'loan-signed': '/v1/loans/signed',
  'loan-fulfilled': '/v1/loans/fulfilled',
};

type Answer = 'accepted' | 'already-imported' | string;

describe('an imported batch decides as the same commands one by one', () => {
  let imported: Ledger;
  let sent: Ledger;

  beforeAll(async () => {
    [imported, sent] = await Promise.all([
      startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off' } }),
      startLedger(undefined, { env: { LEDGER_WEBHOOKS: 'off' } }),
    ]);
    imported.clock.set(NOW);
    sent.clock.set(NOW);
    // The built thread, even for a file this small.
    const checker = new RowChecker(builtRowCheckThread());
    const check = checker.check.bind(checker);
    checker.check = (batch) => check(batch, false);
    (imported.app.get(Importer) as unknown as { checker: RowChecker }).checker = checker;
  });
  afterAll(async () => {
    for (const ledger of [imported, sent]) {
      await ledger.close();
      removeDir(ledger.dir);
    }
  });

  async function importRows(): Promise<ImportReport> {
    return imported.app.get(Importer).run({
      input: Readable.from([ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n']),
      format: 'ndjson',
      importId: 'series_equivalence',
      actor: { kind: 'user', id: 'admin-aigerim', role: 'compliance-admin' },
    });
  }

  /** Each row as its HTTP command, one after another, under the key the import gives it. */
  async function sendRows(): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (const { key, kind, policyId, ...body } of ROWS) {
      const url = kind === 'publish-policy' ? `/v1/policies/${String(policyId)}/versions` : ROUTES[String(kind)];
      const reply = await sent.command(url, `import:${String(key)}`, body);
      if (reply.status >= 200 && reply.status < 300)
        answers.push(reply.body.replayed ? 'already-imported' : 'accepted');
      else answers.push(reply.body.reason?.code ?? reply.body.errors?.[0]?.code ?? reply.body.code);
    }
    return answers;
  }

  function answersOf(report: ImportReport): Answer[] {
    const problems = new Map([...report.refused, ...report.invalid].map((p) => [p.line, p.code]));
    // The rows were accepted or replayed in order; the report counts them, the log tells which.
    return ROWS.map((_, i) => problems.get(i + 1) ?? 'written');
  }

  async function streamOf(ledger: Ledger, iin: string): Promise<StoredEvent[]> {
    const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin }, {}, ['auditor']);
    expect(resolved.body.subjectId).toEqual(expect.any(String));
    return ledger.store.readStream(`subject-${resolved.body.subjectId}`);
  }

  const comparable = (e: StoredEvent) => ({
    id: e.id,
    revision: e.revision,
    type: e.type,
    data: unsealedShape(e.data),
    commandId: e.metadata.commandId,
    requestDigest: e.metadata.requestDigest,
    occurredAt: e.metadata.occurredAt,
    schemaVersion: e.metadata.schemaVersion,
  });

  it('leaves the same streams and gives the same answers', async () => {
    const report = await importRows();
    const answers = await sendRows();

    // The import's answer for every row matches the command's (written or replayed, or the same refusal).
    expect(answersOf(report)).toEqual(
      answers.map((a) => (a === 'accepted' || a === 'already-imported' ? 'written' : a)),
    );
    const counted = answers.filter((a) => a === 'accepted').length;
    expect(report).toMatchObject({
      accepted: counted,
      alreadyImported: answers.filter((a) => a === 'already-imported').length,
    });
    // The history exercises what it claims to: refusals with and without a record, a replay, a reused key.
    expect(answers).toEqual(
      expect.arrayContaining([
        'nothing-to-withdraw',
        'obligations-unfulfilled',
        'already-imported',
        'idempotency-key-reused',
      ]),
    );

    for (const iin of [A, B, C]) {
      const [mine, theirs] = await Promise.all([streamOf(imported, iin), streamOf(sent, iin)]);
      expect(mine.length).toBeGreaterThan(0);
      if (iin === A) expect(mine.map((e) => e.type)).toContain('WithdrawalRefused');
      expect(mine.map(comparable)).toEqual(theirs.map(comparable));
      for (const event of mine) {
        expect(event.metadata.imported).toEqual({ importId: 'series_equivalence', line: expect.any(Number) });
      }
    }
    const policy = (l: Ledger) => l.store.readStream('policy-privacy');
    expect((await policy(imported)).map(comparable)).toEqual((await policy(sent)).map(comparable));
  });
});

/**
 * The data with every sealed value reduced to its marker: the ciphertext differs (random IV), not the
 * fact; a sealed loan id differs because each ledger made the person's key anew.
 */
function unsealedShape(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('loan~')) return '(sealed loan id)';
  if (Array.isArray(value)) return value.map(unsealedShape);
  if (value === null || typeof value !== 'object') return value;
  if ('$sealed' in value) return '(sealed)';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsealedShape(v)]));
}

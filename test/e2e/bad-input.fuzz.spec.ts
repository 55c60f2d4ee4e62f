import {
  addMs,
  COLLECTION_METHODS,
  ERASURE_REASONS,
  LANGUAGES,
  LENDER_CATALOGUE,
  NOTICE_CHANNELS,
} from '@ledger/consent-domain';
import { Position } from '@ledger/event-store';
import { PROBLEMS } from '../../apps/ledger/src/http/problems';
import { ago, DAY, key, Ledger, removeDir, startLedger } from '../support/ledger-harness';
import {
  Body,
  caseRng,
  CommandSpec,
  Draft,
  EXHAUSTIVE,
  Field,
  FuzzContext,
  GENERATORS,
  Json,
  MUTATIONS,
  randomIin,
  randomUuid,
  Refusal,
  Rng,
  UsedKey,
  uuidMisses,
} from '../support/bad-input/fuzz';

/**
 * Thousands of malformed requests, generated from a seed, against every command: each must get a
 * 4xx problem+json that echoes no IIN and shows no stack, the service must stay up, and the log
 * must not change. Every request is built from a body the ledger would accept (checked on a twin)
 * by a mutation that makes it invalid by construction.
 *
 * Free text — evidence kind and reference, the disclosure's and the notice's reference, note,
 * summary, legalReference, subject.fullName — may hold any content within its length, and the
 * e-mail and policy URL rules admit non-ASCII: an injection string or stray bytes there are paired
 * with a second, definite violation.
 *
 * Reproduce a run with FUZZ_SEED; rerun single cases with FUZZ_ONLY=index,…; FUZZ_SCALE multiplies
 * the sampled classes; FUZZ_VERBOSE=1 prints the statuses per class.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 0x5eed2611;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const ONLY = new Set((process.env.FUZZ_ONLY ?? '').split(',').filter(Boolean).map(Number));

/** Cases per command for each sampled class (classes that do not fit a command make none). */
const PER_COMMAND: Partial<Record<(typeof MUTATIONS)[number], number>> = {
  'huge-string': 14,
  'array-bounds': 14,
  'invalid-iin': 24,
  'unknown-code': 18,
  'bad-date': 24,
  'unknown-field': 16,
  'proto-pollution': 10,
  injection: 30,
  'malformed-json': 16,
  'deep-nesting': 10,
  'content-type': 12,
  'empty-body': 10,
  'bad-idempotency-key': 16,
  'bad-path': 14,
  'reused-key': 16,
  'unknown-reference': 14,
  'already-recorded': 10,
  'duplicate-key': 10,
  'invalid-utf8': 12,
  'odd-headers': 8,
  'inherited-name-field': 12,
};

const codes = (list: readonly { code: string }[]) => list.map((c) => c.code);
const PURPOSES = codes(LENDER_CATALOGUE.purposes);
const DATA_CATEGORIES = codes(LENDER_CATALOGUE.dataCategories);
const RECIPIENTS = codes(LENDER_CATALOGUE.recipients);
const LEGAL_BASES = codes(LENDER_CATALOGUE.legalBases);

const KEY_MISSES = ['-L1', '.L1', 'L 1', 'L/1', 'L#1', 'Л-1', 'k'.repeat(129), '', ' L1', 'L1 ', 'L1\n'];
const POLICY_MISSES = ['Privacy', 'privacy-policy', '_privacy', 'p'.repeat(65), 'privacy ', 'привет', 'privacy.v1', ''];
const VERSION_MISSES = ['.1', '_1', '1 ', 'v-1', 'x'.repeat(33), '1/2', '', 'версия'];
const SHA_MISSES = ['A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), ` ${'a'.repeat(63)}`, ''];
const URL_MISSES = [
  'ftp://acredit.kz/p',
  'acredit.kz/p',
  'javascript:alert(1)',
  'https://',
  'http://exa mple.kz/p',
  '//acredit.kz/p',
  'file:///etc/passwd',
  `https://${'a'.repeat(2100)}.kz`,
  'data:text/html,<script>alert(1)</script>',
  '',
];
const PHONE_MISSES = ['123', '+7701555012x', '++77015550123', '8 701 555 01 23', `+7${'1'.repeat(16)}`, '+', ''];
const EMAIL_MISSES = ['zhanar', 'zhanar@', '@example.kz', 'zhanar@@example.kz', 'zh anar@example.kz', 'a@b', ''];
const SUBJECT_ID_MISSES = ['A'.repeat(32), 'a'.repeat(31), 'g'.repeat(32), 'a'.repeat(33), ''];

const SHA = (c: string) => c.repeat(64);
const EVIDENCE = { kind: 'sms-log', reference: 'sms/784512', sha256: SHA('a') };

/** occurredAt, the IIN and the idempotency key in the body: every command for a person has them. */
const personFields = (): Field[] => [
  { path: ['iin'], kind: 'iin', required: true },
  { path: ['occurredAt'], kind: 'instant', instant: 'occurred', required: true },
  { path: ['commandId'], kind: 'pattern', nearMisses: KEY_MISSES },
];

const evidenceFields = (required: boolean): Field[] => [
  { path: ['evidence'], kind: 'objects', required, maxItems: 16, item: EVIDENCE },
  { path: ['evidence', 0, 'kind'], kind: 'text', required: true, maxLength: 64 },
  { path: ['evidence', 0, 'reference'], kind: 'text', required: true, maxLength: 256 },
  { path: ['evidence', 0, 'sha256'], kind: 'pattern', nearMisses: SHA_MISSES },
];

interface Outcome {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface FuzzCase extends Draft {
  readonly index: number;
  readonly command: string;
  readonly mutation: string;
  readonly spec: CommandSpec;
}

describe('bad input to every command', () => {
  let ledger: Ledger;
  let ctx: FuzzContext;
  const cases = new Map<string, FuzzCase[]>();
  const iins = new Set<string>();
  let headBefore: Position | undefined;
  let eventsBefore = 0;
  let lastHead: Position | undefined;
  const byStatus = new Map<number, number>();
  const byCommand = new Map<string, number>();
  const byClass = new Map<string, Map<number, number>>();
  let sent = 0;
  let sendingMs = 0;

  beforeAll(async () => {
    // Rate limiting and the periodic checkpoint would answer or write for reasons of their own.
    ledger = await startLedger(undefined, {
      env: {
        LEDGER_RATE_LIMIT_PER_MINUTE: '0',
        LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
        LEDGER_RETENTION_SWEEP_HOURS: '0',
      },
    });
    ctx = await setUp(ledger, iins);
    for (const [m, mutation] of MUTATIONS.entries()) {
      const list: FuzzCase[] = [];
      for (const [s, spec] of ctx.specs.entries()) {
        const exhaustive = EXHAUSTIVE[mutation];
        const count = exhaustive ? exhaustive(spec) : Math.round((PER_COMMAND[mutation] ?? 0) * SCALE);
        for (let k = 0; k < Math.min(count, 1000); k++) {
          const index = m * 100_000 + s * 1000 + k;
          if (ONLY.size > 0 && !ONLY.has(index)) continue;
          const draft = GENERATORS[mutation](spec, caseRng(SEED, index), ctx, k);
          if (draft) list.push({ ...draft, index, command: spec.name, mutation, spec });
        }
      }
      cases.set(mutation, list);
    }
    headBefore = await ledger.store.headPosition();
    lastHead = headBefore;
    eventsBefore = await countEvents(ledger);
  });

  afterAll(async () => {
    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const commands = [...byCommand.entries()].map(([c, n]) => `${c.replace(/^POST /, '')} ${n}`);
    console.log(
      `bad-input fuzz: seed=${SEED} sent ${sent} malformed requests in ${(sendingMs / 1000).toFixed(1)} s — ` +
        `by status ${statuses.join(', ')} — by command ${commands.join(', ')}`,
    );
    if (process.env.FUZZ_VERBOSE) {
      for (const [mutation, counts] of byClass) {
        console.log(`  ${mutation}: ${[...counts.entries()].map(([s, n]) => `${s}×${n}`).join(', ')}`);
      }
    }
    await ledger?.close();
    if (ledger) removeDir(ledger.dir);
  });

  it('starts from bodies the ledger accepts as they stand (checked on a twin ledger)', async () => {
    const twin = await startLedger(undefined, { env: { LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    try {
      const twinCtx = await setUp(twin, new Set());
      const answers: string[] = [];
      for (const spec of twinCtx.specs) {
        const response = await twin.app.inject({
          method: 'POST',
          url: spec.url,
          headers: {
            authorization: `Bearer ${spec.token}`,
            'content-type': 'application/json',
            'idempotency-key': key('base'),
          },
          payload: JSON.stringify(spec.base()),
        });
        answers.push(`${spec.name} ${response.statusCode}`);
      }
      expect(answers).toEqual(twinCtx.specs.map((s) => `${s.name} ${s.name === 'POST /v1/withdrawals' ? 200 : 201}`));
    } finally {
      await twin.close();
      removeDir(twin.dir);
    }
  });

  it.each([...MUTATIONS])('%s: every request gets a 4xx problem and writes nothing', async (mutation) => {
    const failures: string[] = [];
    const started = Date.now();
    for (const c of cases.get(mutation) ?? []) {
      const outcome = await send(c);
      count(c, outcome.status);
      const problems = judge(c, outcome);
      const head = await ledger.store.headPosition();
      if (!samePosition(head, lastHead)) {
        const written = await ledger.store.readAll({ after: lastHead, maxCount: 20 });
        problems.push(`wrote to the log: ${written.map((e) => `${e.type} on ${e.stream}`).join(', ')}`);
        lastHead = head;
      }
      if (problems.length > 0) failures.push(describeFailure(c, outcome, problems));
    }
    sendingMs += Date.now() - started;
    expect(failures).toEqual([]);
  });

  it('leaves the log as it was: same head, same number of events', async () => {
    const head = await ledger.store.headPosition();
    expect(head).toBeDefined();
    expect(ledger.store.comparePositions(head!, headBefore!)).toBe(0);
    expect(await countEvents(ledger)).toBe(eventsBefore);
  });

  it('still answers afterwards: liveness, readiness and a valid command', async () => {
    expect((await ledger.request('GET', '/health/live')).status).toBe(200);
    expect((await ledger.request('GET', '/health/ready')).status).toBe(200);
    const base = ctx.specs.find((s) => s.name === 'POST /v1/consents')!.base();
    const fresh = randomIin(new Rng(SEED), iins);
    const granted = await ledger.command('/v1/consents', key('after-fuzz'), { ...base, iin: fresh });
    expect(granted.status).toBe(201);
  });

  async function send(c: FuzzCase): Promise<Outcome> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${c.spec.token}`,
      'content-type': 'application/json',
    };
    if (c.key !== null) headers['idempotency-key'] = c.key ?? `fuzz-${SEED.toString(36)}-${c.index}`;
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const payload = c.noBody ? undefined : (c.raw ?? JSON.stringify(c.body));
    sent += 1;
    try {
      const response = await ledger.app.inject({ method: 'POST', url: c.url ?? c.spec.url, headers, payload });
      return {
        status: response.statusCode,
        contentType: String(response.headers['content-type'] ?? ''),
        text: response.body,
      };
    } catch (error) {
      return { status: 0, contentType: '', text: `inject threw: ${String(error)}` };
    }
  }

  function count(c: FuzzCase, status: number) {
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    byCommand.set(c.command, (byCommand.get(c.command) ?? 0) + 1);
    const perClass = byClass.get(c.mutation) ?? new Map<number, number>();
    perClass.set(status, (perClass.get(status) ?? 0) + 1);
    byClass.set(c.mutation, perClass);
  }

  function judge(c: FuzzCase, outcome: Outcome): string[] {
    const problems: string[] = [];
    if (!c.expect.includes(outcome.status)) problems.push(`status ${outcome.status}, expected ${c.expect.join('/')}`);
    if (!/^application\/problem\+json/.test(outcome.contentType)) {
      problems.push(`content-type ${outcome.contentType || '(none)'}`);
    }
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(outcome.text) as Record<string, unknown>;
    } catch {
      problems.push('body is not JSON');
    }
    if (body) {
      const code = body.code;
      const known = (PROBLEMS as Record<string, { status: number } | undefined>)[String(code)];
      if (typeof code !== 'string' || !known) problems.push(`code ${JSON.stringify(code)} is not a known problem`);
      else if (known.status !== outcome.status) problems.push(`code ${code} belongs to ${known.status}`);
      if (c.codes && !c.codes.includes(String(code)))
        problems.push(`code ${String(code)}, expected ${c.codes.join('/')}`);
      if (body.type !== `/problems/${String(code)}`) problems.push(`type ${JSON.stringify(body.type)}`);
      if (typeof body.title !== 'string' || body.title === '') problems.push('no title');
      if (body.status !== outcome.status) problems.push(`status field ${JSON.stringify(body.status)}`);
    }
    if (/\bat .+\.(ts|js):\d+|node_modules/.test(outcome.text)) problems.push('a stack trace');
    for (const iin of echoable(c)) {
      if (outcome.text.includes(iin)) problems.push(`echoes IIN ${iin}`);
    }
    return problems;
  }

  /** The setup's IINs and any long digit run of the IIN this request sent. */
  function echoable(c: FuzzCase): string[] {
    const sentIin = c.body && typeof c.body === 'object' && !Array.isArray(c.body) ? c.body.iin : undefined;
    const runs = typeof sentIin === 'string' ? (sentIin.match(/\d{9,}/g) ?? []) : [];
    return [...iins, ...runs];
  }

  function samePosition(a: Position | undefined, b: Position | undefined): boolean {
    if (a === undefined || b === undefined) return a === b;
    return ledger.store.comparePositions(a, b) === 0;
  }
});

function describeFailure(c: FuzzCase, outcome: Outcome, problems: string[]): string {
  const payload = c.noBody ? '(no body)' : (c.raw ?? JSON.stringify(c.body) ?? '').toString();
  const shortPayload = payload.length > 160 ? `${payload.slice(0, 160)}… (${payload.length} chars)` : payload;
  return (
    `[seed ${SEED} #${c.index}] ${c.command} · ${c.mutation} · ${c.detail}: ${problems.join('; ')}` +
    ` | sent ${c.url ?? c.spec.url} ${shortPayload} | got ${outcome.status} ${outcome.text.slice(0, 200)}`
  );
}

async function countEvents(ledger: Ledger): Promise<number> {
  let total = 0;
  let after: Position | undefined;
  for (;;) {
    const page = await ledger.store.readAll({ after, maxCount: 500 });
    total += page.length;
    if (page.length < 500) return total;
    after = page[page.length - 1].position;
  }
}

/**
 * A realistic ledger to aim at — policies, people with consents, loans, withdrawals and
 * disclosures — and, for every command, a body it would accept as it stands.
 */
async function setUp(ledger: Ledger, iins: Set<string>): Promise<FuzzContext> {
  const facts: Record<string, string> = {};
  const lending = await ledger.token(['lending-core'], 'fuzz-lending-core');
  const admin = await ledger.token(['compliance-admin'], 'fuzz-compliance-admin');
  const usedKeys: UsedKey[] = [];
  const at = (days: number) => ago(ledger, days * DAY);
  const now = () => ledger.clock.now();
  const recent = () => ago(ledger, 60 * 60 * 1000);
  const seedRng = new Rng(SEED);

  async function run(
    command: string,
    url: string,
    body: Body,
    token = lending,
    orRefused?: UsedKey['orRefused'],
  ): Promise<Record<string, any>> {
    const k = key('setup');
    const response = await ledger.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': k },
      payload: JSON.stringify(body),
    });
    if (response.statusCode !== 200 && response.statusCode !== 201) {
      throw new Error(`setup ${command} failed: ${response.statusCode} ${response.body}`);
    }
    // A retry with one valid field changed: occurredAt moved a little earlier, on the same stream.
    const changed = (rng: Rng): Body => ({
      ...body,
      occurredAt: addMs(body.occurredAt as string, -rng.between(1, 3600) * 1000),
    });
    usedKeys.push({ key: k, command, url, body, changed, orRefused });
    return JSON.parse(response.body) as Record<string, any>;
  }

  const person = () => {
    const iin = randomIin(seedRng, iins);
    iins.add(iin);
    return iin;
  };
  const texts = (version: string) => ({
    kk: { sha256: SHA('1'), url: `https://acredit.kz/privacy/${version}/kk` },
    ru: { sha256: SHA('2'), url: `https://acredit.kz/privacy/${version}/ru` },
  });
  const PUBLISH = 'POST /v1/policies/{policyId}/versions';
  // One instant for both: read twice, the clock would have moved on in between.
  const published = at(25);
  await run(
    PUBLISH,
    '/v1/policies/privacy/versions',
    { version: '1', effectiveFrom: published, occurredAt: published, materialChange: true, texts: texts('1') },
    admin,
  );
  await run(
    PUBLISH,
    '/v1/policies/privacy/versions',
    { version: '2', effectiveFrom: at(1), occurredAt: at(2), materialChange: false, texts: texts('2') },
    admin,
  );

  const grantBody = (iin: string, occurredAt: string, patch: Body = {}): Body => ({
    iin,
    subject: { fullName: 'Жанар Серікқызы Тестова', phone: '+77015550123', email: 'zhanar.testova@example.kz' },
    purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising', 'research'],
    dataCategories: ['full-name', 'iin', 'mobile-phone', 'salary-amount'],
    recipients: ['first-credit-bureau', 'enpf', 'advertising-partners'],
    crossBorderTransferAllowed: false,
    publicationAllowed: false,
    notifyOnDisclosure: true,
    term: { kind: 'until-purposes-achieved' },
    policyShown: { policyId: 'privacy', version: '1' },
    language: 'kk',
    collectionMethod: 'sms-one-time-code',
    evidence: [EVIDENCE],
    occurredAt,
    ...patch,
  });
  const GRANT = 'POST /v1/consents';
  // A: a consent that asks for notice, an open and a closed loan, two notices (one given).
  const A = person();
  facts.consentA = (await run(GRANT, '/v1/consents', grantBody(A, at(20)))).consentId;
  await run('POST /v1/purposes-achieved', '/v1/purposes-achieved', {
    iin: A,
    consentId: facts.consentA,
    purposes: ['research'],
    occurredAt: at(10),
  });
  for (const loanId of ['L-A-0', 'L-A-1']) {
    await run('POST /v1/loans/signed', '/v1/loans/signed', { iin: A, loanId, occurredAt: at(19) });
  }
  await run('POST /v1/loans/fulfilled', '/v1/loans/fulfilled', { iin: A, loanId: 'L-A-0', occurredAt: at(10) });
  const disclose = (iin: string, occurredAt: string): Body => ({
    iin,
    recipient: 'first-credit-bureau',
    purpose: 'credit-and-pension-checks',
    dataCategories: ['iin', 'full-name'],
    reference: 'fcb-req-1',
    occurredAt,
  });
  facts.pendingNotice = (await run('POST /v1/disclosures', '/v1/disclosures', disclose(A, at(3)))).disclosureId;
  facts.givenNotice = (await run('POST /v1/disclosures', '/v1/disclosures', disclose(A, at(3)))).disclosureId;
  const NOTIFIED = 'POST /v1/disclosures/{disclosureId}/subject-notified';
  await run(NOTIFIED, `/v1/disclosures/${facts.givenNotice}/subject-notified`, {
    iin: A,
    channel: 'sms',
    occurredAt: at(2),
  });

  // B: withdrawals, one with processing still to stop and one stopped; an acceptance of v2.
  const B = person();
  facts.consentB = (
    await run(
      GRANT,
      '/v1/consents',
      grantBody(B, at(20), {
        purposes: ['microcredit-contract', 'advertising', 'credit-and-pension-checks'],
        dataCategories: ['iin', 'full-name', 'mobile-phone'],
        recipients: ['first-credit-bureau', 'advertising-partners'],
        notifyOnDisclosure: false,
      }),
    )
  ).consentId;
  const WITHDRAW = 'POST /v1/withdrawals';
  facts.openWithdrawal = (
    await run(WITHDRAW, '/v1/withdrawals', {
      iin: B,
      consentId: facts.consentB,
      scope: { purposes: ['advertising'] },
      channel: 'paper',
      occurredAt: at(5),
    })
  ).withdrawalId;
  facts.stoppedWithdrawal = (
    await run(WITHDRAW, '/v1/withdrawals', {
      iin: B,
      scope: { purposes: ['credit-and-pension-checks'] },
      channel: 'web-checkbox',
      occurredAt: at(4),
    })
  ).withdrawalId;
  const STOPPED = 'POST /v1/withdrawals/{withdrawalId}/processing-stopped';
  await run(STOPPED, `/v1/withdrawals/${facts.stoppedWithdrawal}/processing-stopped`, {
    iin: B,
    note: 'stopped',
    occurredAt: at(3),
  });
  await run('POST /v1/policy-acceptances', '/v1/policy-acceptances', {
    iin: B,
    policy: { policyId: 'privacy', version: '2' },
    method: 'web-checkbox',
    occurredAt: at(1),
  });

  // E: the person the erasure body names. X: a person already erased.
  const E = person();
  await run(GRANT, '/v1/consents', grantBody(E, at(10)));
  const X = person();
  await run(GRANT, '/v1/consents', grantBody(X, at(10)));
  const ERASE = 'POST /v1/erasures';
  await run(
    ERASE,
    '/v1/erasures',
    { iin: X, reason: 'court-decision', legalReference: 'Алматинский городской суд, дело 2-1/2026', occurredAt: at(1) },
    admin,
  );

  const strangerIin = (rng: Rng) => randomIin(rng, iins);
  const daysAgo = (rng: Rng, from: number, to: number) => addMs(now(), -(from * DAY + rng.int((to - from) * DAY)));
  const refusal = (detail: string, body: Body, expect: number[], codes?: string[], url?: string): Refusal => ({
    detail,
    body,
    expect,
    codes,
    url,
  });

  const specs: CommandSpec[] = [];
  const spec = (s: CommandSpec) => specs.push(s);

  const grantBase = (): Body =>
    grantBody(A, recent(), {
      purposes: ['advertising', 'research'],
      dataCategories: ['mobile-phone', 'email'],
      recipients: ['advertising-partners'],
      term: { kind: 'until', until: addMs(now(), 365 * DAY) },
      // Version 1, already accepted: a grant naming version 2 would accept it, as the acceptance base does.
      policyShown: { policyId: 'privacy', version: '1' },
      language: 'ru',
      collectionMethod: 'web-checkbox',
      evidence: [{ kind: 'web-session', reference: 'sess/1', sha256: SHA('b') }],
    });
  spec({
    name: GRANT,
    url: '/v1/consents',
    token: lending,
    base: grantBase,
    fields: [
      ...personFields(),
      { path: ['subject'], kind: 'object' },
      { path: ['subject', 'fullName'], kind: 'text', maxLength: 200 },
      { path: ['subject', 'phone'], kind: 'pattern', nearMisses: PHONE_MISSES },
      { path: ['subject', 'email'], kind: 'pattern', lenient: true, nearMisses: EMAIL_MISSES },
      codesField(['purposes'], PURPOSES, 1, true),
      codesField(['dataCategories'], DATA_CATEGORIES, 1, true),
      codesField(['recipients'], RECIPIENTS, 0, true),
      { path: ['crossBorderTransferAllowed'], kind: 'boolean', required: true },
      { path: ['publicationAllowed'], kind: 'boolean', required: true },
      { path: ['notifyOnDisclosure'], kind: 'boolean' },
      { path: ['term'], kind: 'object', required: true },
      { path: ['term', 'kind'], kind: 'enum', required: true, allowed: ['until', 'until-purposes-achieved'] },
      { path: ['term', 'until'], kind: 'instant', instant: 'after', required: true },
      { path: ['policyShown'], kind: 'object', required: true },
      { path: ['policyShown', 'policyId'], kind: 'pattern', required: true, nearMisses: POLICY_MISSES },
      { path: ['policyShown', 'version'], kind: 'pattern', required: true, nearMisses: VERSION_MISSES },
      { path: ['language'], kind: 'enum', required: true, allowed: LANGUAGES },
      { path: ['collectionMethod'], kind: 'enum', required: true, allowed: COLLECTION_METHODS },
      ...evidenceFields(true),
    ],
    unknownReferences: [
      (rng) =>
        refusal(
          'a policy never published',
          { ...grantBase(), policyShown: { policyId: `nopolicy_${rng.int(1e4)}`, version: '1' } },
          [404],
        ),
      (rng) =>
        refusal(
          'a version never published',
          { ...grantBase(), policyShown: { policyId: 'privacy', version: `9${rng.int(1e4)}` } },
          [404],
        ),
    ],
    contradictoryDates: [
      (rng) => {
        const body = grantBase();
        const until = addMs(body.occurredAt as string, -rng.between(0, 20) * DAY);
        return refusal(
          'a term ending before the consent',
          { ...body, term: { kind: 'until', until } },
          [400],
          ['term-ends-before-grant'],
        );
      },
    ],
  });

  const withdrawBase = (): Body => ({
    iin: B,
    consentId: facts.consentB,
    scope: {
      purposes: ['microcredit-contract'],
      recipients: ['first-credit-bureau'],
      dataCategories: ['iin'],
      crossBorderTransfer: false,
      publication: false,
    },
    channel: 'paper',
    evidence: [EVIDENCE],
    occurredAt: recent(),
  });
  spec({
    name: WITHDRAW,
    url: '/v1/withdrawals',
    token: lending,
    base: withdrawBase,
    fields: [
      ...personFields(),
      { path: ['consentId'], kind: 'uuid', nearMisses: uuidMisses(facts.consentB) },
      { path: ['scope'], kind: 'object', required: true },
      codesField(['scope', 'purposes'], PURPOSES, 1, false),
      codesField(['scope', 'recipients'], RECIPIENTS, 1, false),
      codesField(['scope', 'dataCategories'], DATA_CATEGORIES, 1, false),
      { path: ['scope', 'crossBorderTransfer'], kind: 'boolean' },
      { path: ['scope', 'publication'], kind: 'boolean' },
      { path: ['channel'], kind: 'enum', required: true, allowed: COLLECTION_METHODS },
      ...evidenceFields(false),
    ],
    unknownReferences: [
      (rng) =>
        refusal('a consent never given', { ...withdrawBase(), consentId: randomUuid(rng) }, [404], ['unknown-consent']),
      () =>
        refusal(
          'another person’s consent',
          { ...withdrawBase(), consentId: facts.consentA },
          [404],
          ['unknown-consent'],
        ),
      (rng) => refusal('a person never seen', { ...withdrawBase(), iin: strangerIin(rng) }, [404], ['unknown-consent']),
      (rng) => {
        const { consentId: _, ...body } = withdrawBase();
        return refusal(
          'a scope no consent covers',
          { ...body, iin: rng.chance(0.5) ? B : strangerIin(rng), scope: { purposes: ['debt-collection'] } },
          [404],
          ['nothing-to-withdraw'],
        );
      },
    ],
    contradictoryDates: [
      (rng) =>
        refusal(
          'withdrawn before given',
          { ...withdrawBase(), occurredAt: daysAgo(rng, 21, 29) },
          [422],
          ['withdrawal-before-grant'],
        ),
    ],
  });

  const acceptBase = (): Body => ({
    iin: A,
    policy: { policyId: 'privacy', version: '2' },
    method: 'web-checkbox',
    evidence: [EVIDENCE],
    occurredAt: recent(),
  });
  spec({
    name: 'POST /v1/policy-acceptances',
    url: '/v1/policy-acceptances',
    token: lending,
    base: acceptBase,
    fields: [
      ...personFields(),
      { path: ['policy'], kind: 'object', required: true },
      { path: ['policy', 'policyId'], kind: 'pattern', required: true, nearMisses: POLICY_MISSES },
      { path: ['policy', 'version'], kind: 'pattern', required: true, nearMisses: VERSION_MISSES },
      { path: ['method'], kind: 'enum', required: true, allowed: COLLECTION_METHODS },
      ...evidenceFields(false),
    ],
    unknownReferences: [
      (rng) =>
        refusal(
          'a policy never published',
          { ...acceptBase(), policy: { policyId: `nopolicy_${rng.int(1e4)}`, version: '1' } },
          [404],
        ),
      (rng) =>
        refusal(
          'a version never published',
          { ...acceptBase(), policy: { policyId: 'privacy', version: `9${rng.int(1e4)}` } },
          [404],
        ),
    ],
  });

  const loanFields = (): Field[] => [
    ...personFields(),
    { path: ['loanId'], kind: 'pattern', required: true, nearMisses: KEY_MISSES },
  ];
  const signedBase = (): Body => ({ iin: A, loanId: 'L-A-2', occurredAt: recent() });
  spec({
    name: 'POST /v1/loans/signed',
    url: '/v1/loans/signed',
    token: lending,
    base: signedBase,
    fields: loanFields(),
  });

  const fulfilledBase = (): Body => ({ iin: A, loanId: 'L-A-1', occurredAt: recent() });
  spec({
    name: 'POST /v1/loans/fulfilled',
    url: '/v1/loans/fulfilled',
    token: lending,
    base: fulfilledBase,
    fields: loanFields(),
    unknownReferences: [
      (rng) =>
        refusal(
          'a loan never signed',
          { ...fulfilledBase(), loanId: `L-NONE-${rng.int(1e6)}` },
          [404],
          ['unknown-loan'],
        ),
      () => refusal('another person’s loan', { ...fulfilledBase(), iin: B }, [404], ['unknown-loan']),
      (rng) => refusal('a person never seen', { ...fulfilledBase(), iin: strangerIin(rng) }, [404], ['unknown-loan']),
    ],
    contradictoryDates: [
      (rng) =>
        refusal(
          'fulfilled before signed',
          { ...fulfilledBase(), occurredAt: daysAgo(rng, 20, 29) },
          [422],
          ['fulfilled-before-signed'],
        ),
    ],
  });

  const achievedBase = (): Body => ({
    iin: A,
    consentId: facts.consentA,
    purposes: ['advertising'],
    occurredAt: recent(),
  });
  spec({
    name: 'POST /v1/purposes-achieved',
    url: '/v1/purposes-achieved',
    token: lending,
    base: achievedBase,
    fields: [
      ...personFields(),
      { path: ['consentId'], kind: 'uuid', required: true, nearMisses: uuidMisses(facts.consentA) },
      codesField(['purposes'], PURPOSES, 1, false),
    ],
    unknownReferences: [
      (rng) =>
        refusal('a consent never given', { ...achievedBase(), consentId: randomUuid(rng) }, [404], ['unknown-consent']),
      () => refusal('another person’s consent', { ...achievedBase(), iin: B }, [404], ['unknown-consent']),
      (rng) => refusal('a person never seen', { ...achievedBase(), iin: strangerIin(rng) }, [404], ['unknown-consent']),
      () =>
        refusal(
          'a purpose the consent lacks',
          { ...achievedBase(), purposes: ['debt-collection'] },
          [400],
          ['purpose-not-in-consent'],
        ),
    ],
    contradictoryDates: [
      (rng) =>
        refusal(
          'achieved before given',
          { ...achievedBase(), occurredAt: daysAgo(rng, 21, 29) },
          [422],
          ['achieved-before-grant'],
        ),
    ],
  });

  const discloseBase = (): Body => disclose(A, recent());
  spec({
    name: 'POST /v1/disclosures',
    url: '/v1/disclosures',
    token: lending,
    base: discloseBase,
    fields: [
      ...personFields(),
      { path: ['recipient'], kind: 'code', required: true, allowed: RECIPIENTS },
      { path: ['purpose'], kind: 'code', required: true, allowed: PURPOSES },
      codesField(['dataCategories'], DATA_CATEGORIES, 1, true),
      { path: ['legalBasis'], kind: 'code', allowed: LEGAL_BASES },
      { path: ['reference'], kind: 'text', maxLength: 128 },
    ],
  });

  const stoppedBase = (): Body => ({ iin: B, note: 'партнёры подтвердили удаление', occurredAt: recent() });
  const stoppedUrl = (id: string) => `/v1/withdrawals/${id}/processing-stopped`;
  spec({
    name: STOPPED,
    url: stoppedUrl(facts.openWithdrawal),
    token: lending,
    base: stoppedBase,
    pathId: { value: facts.openWithdrawal, url: stoppedUrl, kind: 'uuid' },
    fields: [...personFields(), { path: ['note'], kind: 'text', maxLength: 500 }],
    unknownReferences: [
      (rng) =>
        refusal('a withdrawal never made', stoppedBase(), [404], ['unknown-withdrawal'], stoppedUrl(randomUuid(rng))),
      () => refusal('another person’s withdrawal', { ...stoppedBase(), iin: A }, [404], ['unknown-withdrawal']),
      () => refusal('a disclosure id', stoppedBase(), [404], ['unknown-withdrawal'], stoppedUrl(facts.pendingNotice)),
      (rng) =>
        refusal('a person never seen', { ...stoppedBase(), iin: strangerIin(rng) }, [404], ['unknown-withdrawal']),
    ],
    contradictoryDates: [
      (rng) =>
        refusal(
          'stopped before withdrawn',
          { ...stoppedBase(), occurredAt: daysAgo(rng, 6, 29) },
          [422],
          ['stopped-before-withdrawal'],
        ),
    ],
  });

  const notifiedBase = (): Body => ({ iin: A, channel: 'sms', reference: 'sms/notice/1', occurredAt: recent() });
  const notifiedUrl = (id: string) => `/v1/disclosures/${id}/subject-notified`;
  spec({
    name: NOTIFIED,
    url: notifiedUrl(facts.pendingNotice),
    token: lending,
    base: notifiedBase,
    pathId: { value: facts.pendingNotice, url: notifiedUrl, kind: 'uuid' },
    fields: [
      ...personFields(),
      { path: ['channel'], kind: 'enum', required: true, allowed: NOTICE_CHANNELS },
      { path: ['reference'], kind: 'text', maxLength: 128 },
    ],
    unknownReferences: [
      (rng) =>
        refusal('a disclosure never made', notifiedBase(), [404], ['unknown-notice'], notifiedUrl(randomUuid(rng))),
      () => refusal('another person’s disclosure', { ...notifiedBase(), iin: B }, [404], ['unknown-notice']),
      () => refusal('a withdrawal id', notifiedBase(), [404], ['unknown-notice'], notifiedUrl(facts.openWithdrawal)),
      (rng) => refusal('a person never seen', { ...notifiedBase(), iin: strangerIin(rng) }, [404], ['unknown-notice']),
    ],
    contradictoryDates: [
      (rng) =>
        refusal(
          'notified before disclosed',
          { ...notifiedBase(), occurredAt: daysAgo(rng, 4, 29) },
          [422],
          ['notified-before-disclosure'],
        ),
    ],
  });

  const publishBase = (): Body => ({
    version: '3',
    effectiveFrom: addMs(now(), DAY),
    texts: texts('3'),
    materialChange: true,
    summary: 'Уточнены сроки хранения',
    occurredAt: recent(),
  });
  const publishUrl = (id: string) => `/v1/policies/${id}/versions`;
  const textFields = (lang: string): Field[] => [
    { path: ['texts', lang], kind: 'object' },
    { path: ['texts', lang, 'sha256'], kind: 'pattern', required: true, nearMisses: SHA_MISSES },
    { path: ['texts', lang, 'url'], kind: 'pattern', required: true, lenient: true, nearMisses: URL_MISSES },
  ];
  spec({
    name: PUBLISH,
    url: publishUrl('privacy'),
    token: admin,
    base: publishBase,
    pathId: { value: 'privacy', url: publishUrl, kind: 'policyId' },
    fields: [
      { path: ['commandId'], kind: 'pattern', nearMisses: KEY_MISSES },
      { path: ['version'], kind: 'pattern', required: true, nearMisses: VERSION_MISSES },
      { path: ['effectiveFrom'], kind: 'instant', instant: 'after', required: true },
      { path: ['texts'], kind: 'object', required: true },
      ...textFields('kk'),
      ...textFields('ru'),
      { path: ['materialChange'], kind: 'boolean', required: true },
      { path: ['summary'], kind: 'text', maxLength: 2000 },
      { path: ['occurredAt'], kind: 'instant', instant: 'occurred', required: true },
    ],
    alreadyRecorded: [
      (rng) =>
        refusal(
          'a version already published',
          { ...publishBase(), version: rng.pick(['1', '2']) },
          [409],
          ['policy-version-exists'],
        ),
    ],
    contradictoryDates: [
      (rng) => {
        const body = publishBase();
        const effectiveFrom = addMs(body.occurredAt as string, -rng.between(1, 20) * 60 * 60 * 1000);
        return refusal(
          'in effect before published',
          { ...body, effectiveFrom },
          [422],
          ['policy-effective-before-publication'],
        );
      },
      () =>
        refusal(
          'in effect before the version in force',
          { ...publishBase(), occurredAt: at(3), effectiveFrom: at(2) },
          [422],
          ['policy-effective-before-current'],
        ),
    ],
  });

  const eraseBase = (): Body => ({
    iin: E,
    reason: 'court-decision',
    legalReference: 'Алматинский городской суд, дело 2-77/2026',
    occurredAt: recent(),
  });
  spec({
    name: ERASE,
    url: '/v1/erasures',
    token: admin,
    base: eraseBase,
    fields: [
      // The base names the person by IIN: without it the request names nobody.
      ...personFields(),
      { path: ['subjectId'], kind: 'pattern', nearMisses: SUBJECT_ID_MISSES },
      { path: ['reason'], kind: 'enum', required: true, allowed: ERASURE_REASONS },
      // Required for a court decision.
      { path: ['legalReference'], kind: 'text', required: true, maxLength: 500 },
    ],
    alreadyRecorded: [
      (rng) => {
        const { legalReference: _, ...body } = eraseBase();
        return refusal(
          'retention not over',
          { ...body, reason: rng.pick(['subject-request', 'retention-expired']) },
          [422],
          ['retention-not-over'],
        );
      },
    ],
  });

  const knownNames = new Set<string>(
    specs.flatMap((s) => s.fields.flatMap((f) => f.path.filter((p): p is string => typeof p === 'string'))),
  );
  return { now, specs, usedKeys, knownNames, bodyLimit: ledger.config.bodyLimitBytes };
}

function codesField(path: string[], allowed: readonly string[], minItems: number, required: boolean): Field {
  return { path, kind: 'codes', required, allowed, minItems, maxItems: 64, item: allowed[0] as Json };
}

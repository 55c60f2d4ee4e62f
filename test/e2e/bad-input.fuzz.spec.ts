import fc from 'fast-check';
import { addMs, iinCheckDigit, isValidIin } from '@ledger/consent-domain';
import { Position } from '@ledger/event-store';
import { PROBLEMS } from '../../apps/ledger/src/http/problems';
import { ago, DAY, key, Ledger, removeDir, startLedger } from '../support/ledger-harness';
import {
  CommandSpec,
  Draft,
  Draw,
  ENUMERATED,
  FuzzContext,
  GENERATORS,
  randomIin,
  Refusal,
  UsedKey,
} from '../support/bad-input/mutations';
import { Body, fieldsOf, Json, OpenApi } from '../support/bad-input/shapes';
import { disclosureRequest, grantRequest, withdrawalRequest } from '../support/requests';

/**
 * Thousands of malformed requests against every command, generated with fast-check from the body
 * shapes the ledger's own OpenAPI document and DTOs describe: each must get a 4xx problem+json with
 * a known code that echoes no IIN and shows no stack, the service must stay up, and the log must not
 * change. Every request is built from a body the ledger would accept (checked on a twin) by a
 * mutation that makes it invalid by construction; free text (which may hold any content) gets a
 * second, definite violation.
 *
 * Seeded: FUZZ_SEED picks another run; a failure prints the seed and the fast-check path, and
 * FUZZ_SEED=… FUZZ_ONLY=<class> FUZZ_PATH=… replays it alone. FUZZ_SCALE multiplies the sampled
 * runs; FUZZ_VERBOSE=1 prints the statuses per class.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 0x5eed2611;
// 0.2 of the sampled runs in the suite (the enumerated classes run whole); `npm run acceptance` runs it at 5.
const SCALE = Number(process.env.FUZZ_SCALE ?? 0.2);
/**
 * The mutation classes in the order they run, each with its runs per command, or every case for
 * the enumerated ones. Those whose answer depends on the ledger's state come first, while every base
 * body is still valid; the one that probes a known gap runs last, so that a write it provokes cannot
 * change what the others see.
 */
const RUNS: Record<string, number | 'every case'> = {
  'reused-key': 14,
  'unknown-reference': 14,
  'already-recorded': 10,
  'bad-date': 20,
  'missing-field': 'every case',
  'wrong-type': 'every case',
  'huge-string': 8,
  'long-string': 'every case',
  'array-bounds': 14,
  'invalid-iin': 18,
  'unknown-code': 14,
  'bad-format': 'every case',
  'unknown-field': 14,
  'proto-pollution': 10,
  injection: 24,
  'malformed-json': 12,
  'deep-nesting': 'every case',
  'content-type': 12,
  'empty-body': 10,
  'bad-idempotency-key': 12,
  'bad-path': 14,
  'duplicate-key': 10,
  'invalid-utf8': 12,
  'odd-headers': 8,
  'inherited-name-field': 12,
};
/**
 * The two largest enumerated classes send, in the suite (SCALE below 1), this many of each field's
 * cases — a different few for each field, so every field is still hit; `npm run acceptance` sends
 * every case.
 */
const PER_FIELD_IN_SUITE: Record<string, number> = { 'wrong-type': 2, 'bad-format': 2 };
const ONLY = process.env.FUZZ_ONLY?.split(',');
const CLASSES = Object.keys(RUNS).filter((m) => !ONLY || ONLY.includes(m));

/** POST routes that ask rather than record: not commands, so not fuzzed here. */
/** Commands that answer 200 (they change what exists rather than record a new fact). */
const ANSWERED_200 = [
  'POST /v1/withdrawals',
  'POST /v1/webhooks/subscribers/{subscriberId}/replay',
  'POST /v1/webhooks/subscribers/{subscriberId}/remove',
];
const POST_QUERIES = ['/v1/subjects/resolve', '/v1/consent-checks', '/v1/subject-reports'];

const SHA = (c: string) => c.repeat(64);
const EVIDENCE = { kind: 'sms-log', reference: 'sms/784512', sha256: SHA('a') };

interface Outcome {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface FuzzCase extends Draft {
  readonly mutation: string;
  readonly spec: CommandSpec;
}

describe('bad input to every command', () => {
  let ledger: Ledger;
  let doc: OpenApi;
  let ctx: FuzzContext;
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
    doc = (await ledger.request('GET', '/docs/openapi.json')).body as OpenApi;
    ctx = await setUp(ledger, doc, iins);
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

  it('covers every command the OpenAPI document lists, with every mutation class', () => {
    const routes = Object.entries(doc.paths)
      // Every command with a JSON body; an import's streamed file has suites of its own (test/importing).
      .filter(([path, ops]) => ops.post?.requestBody?.content['application/json'] && !POST_QUERIES.includes(path))
      .map(([path]) => `POST ${path}`);
    expect(ctx.specs.map((s) => s.name).sort()).toEqual(routes.sort());
    // And every mutation class runs.
    expect(Object.keys(RUNS).sort()).toEqual([...Object.keys(GENERATORS), ...Object.keys(ENUMERATED)].sort());
  });

  it('starts from bodies the ledger accepts as they stand (checked on a twin ledger)', async () => {
    const twin = await startLedger(undefined, { env: { LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    try {
      const twinCtx = await setUp(twin, doc, new Set());
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
      expect(answers).toEqual(twinCtx.specs.map((s) => `${s.name} ${ANSWERED_200.includes(s.name) ? 200 : 201}`));
    } finally {
      await twin.close();
      removeDir(twin.dir);
    }
  });

  it.each([...CLASSES])('%s: every request gets a 4xx problem and writes nothing', async (mutation) => {
    const started = Date.now();
    try {
      const enumerated = ENUMERATED[mutation];
      if (enumerated) {
        // Enumerated classes send every case they have (in the suite, some of each field's: see PER_FIELD_IN_SUITE).
        const failures: string[] = [];
        for (const spec of ctx.specs) {
          for (const draft of casesToSend(mutation, enumerated(spec, ctx))) {
            const failure = await attempt({ ...draft, mutation, spec });
            if (failure) failures.push(failure);
          }
        }
        expect(failures).toEqual([]);
        return;
      }
      const property = fc.asyncProperty(fc.nat(ctx.specs.length - 1), fc.gen(), async (s, g) => {
        const spec = ctx.specs[s];
        const draft = GENERATORS[mutation](spec, new Draw(g), ctx);
        fc.pre(draft !== undefined);
        const failure = await attempt({ ...draft!, mutation, spec });
        if (failure) throw new Error(failure);
      });
      const details = await fc.check(property, {
        seed: (SEED + Object.keys(RUNS).indexOf(mutation)) | 0,
        numRuns: Math.round(Number(RUNS[mutation]) * ctx.specs.length * SCALE),
        ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
      });
      if (details.failed) {
        throw new Error(
          `${(details.errorInstance as Error | undefined)?.message}\n${fc.defaultReportMessage(details)}\n` +
            // The run's index alone: a shrink path through fc.gen() values does not replay, the run and its shrinking do.
            `replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${mutation} FUZZ_PATH=${details.counterexamplePath?.split(':')[0]}`,
        );
      }
    } finally {
      sendingMs += Date.now() - started;
    }
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
    const granted = await ledger.command('/v1/consents', key('after-fuzz'), { ...base, iin: freshIin(SEED, iins) });
    expect(granted.status).toBe(201);
  });

  /** Sends one case and says what is wrong with the answer, if anything (a write to the log included). */
  async function attempt(c: FuzzCase): Promise<string | undefined> {
    const outcome = await send(c);
    count(c, outcome.status);
    const problems = judge(c, outcome);
    const head = await ledger.store.headPosition();
    if (!samePosition(head, lastHead)) {
      const written = await ledger.store.readAll({ after: lastHead, maxCount: 20 });
      problems.push(`wrote to the log: ${written.map((e) => `${e.type} on ${e.stream}`).join(', ')}`);
      lastHead = head;
    }
    return problems.length > 0 ? describeFailure(c, outcome, problems) : undefined;
  }

  async function send(c: FuzzCase): Promise<Outcome> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${c.spec.token}`,
      'content-type': 'application/json',
    };
    sent += 1;
    if (c.key !== null) headers['idempotency-key'] = c.key ?? `fuzz-${SEED.toString(36)}-${sent}`;
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const payload = c.noBody ? undefined : (c.raw ?? JSON.stringify(c.body));
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
    byCommand.set(c.spec.name, (byCommand.get(c.spec.name) ?? 0) + 1);
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
    `${c.spec.name} · ${c.mutation} · ${c.detail}: ${problems.join('; ')}` +
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
async function setUp(ledger: Ledger, doc: OpenApi, iins: Set<string>): Promise<FuzzContext> {
  const facts: Record<string, string> = {};
  const lending = await ledger.token(['lending-core'], 'fuzz-lending-core');
  const admin = await ledger.token(['compliance-admin'], 'fuzz-compliance-admin');
  const usedKeys: UsedKey[] = [];
  const at = (days: number) => ago(ledger, days * DAY);
  const now = () => ledger.clock.now();
  const recent = () => ago(ledger, 60 * 60 * 1000);

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
    const changed = (draw: Draw): Body => ({
      ...body,
      occurredAt: addMs(body.occurredAt as string, -draw.between(1, 3600) * 1000),
    });
    usedKeys.push({ key: k, command, url, body, changed, orRefused });
    return JSON.parse(response.body) as Record<string, any>;
  }

  const person = () => {
    const iin = freshIin(SEED, iins);
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

  const grantBody = (iin: string, occurredAt: string, patch: Body = {}): Body =>
    grantRequest({
      iin,
      subject: { fullName: 'Жанар Серікқызы Тестова', phone: '+77015550123', email: 'zhanar.testova@example.kz' },
      purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising', 'research'],
      dataCategories: ['full-name', 'iin', 'mobile-phone', 'salary-amount'],
      recipients: ['first-credit-bureau', 'enpf', 'advertising-partners'],
      notifyOnDisclosure: true,
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
  const disclose = (iin: string, occurredAt: string): Body =>
    disclosureRequest({
      iin,
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
    await run(
      WITHDRAW,
      '/v1/withdrawals',
      withdrawalRequest(B, { purposes: ['advertising'] }, at(5), { consentId: facts.consentB }),
    )
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

  const strangerIin = (draw: Draw) => randomIin(draw, iins);
  const daysAgo = (draw: Draw, from: number, to: number) => addMs(now(), -(from * DAY + draw.int((to - from) * DAY)));
  type Patch = (draw: Draw, base: Body) => Record<string, Json | undefined>;
  /** A refusal of `base` with `patch` applied (undefined leaves a field out), answered `status` with `code`. */
  const refusing =
    (base: () => Body) =>
    (detail: string, patch: Patch, status: number, code?: string, url?: (draw: Draw) => string) =>
    (draw: Draw): Refusal => {
      const body = base();
      const codes = code ? [code] : undefined;
      return { detail, body: { ...body, ...patch(draw, body) } as Body, expect: [status], codes, url: url?.(draw) };
    };
  const same: Patch = () => ({});
  const stranger: Patch = (draw) => ({ iin: strangerIin(draw) });

  const specs: CommandSpec[] = [];
  /** A command and its base body; its fields are read from the OpenAPI document and the DTO. */
  const spec = (s: Omit<CommandSpec, 'fields' | 'url' | 'token'>, token = lending, alsoRequired: string[] = []) => {
    const url = s.pathId ? s.pathId.url(s.pathId.value) : s.name.replace(/^POST /, '');
    const fields = fieldsOf(doc, s.name.replace(/^POST /, ''), s.base()).map((f) =>
      f.path.length === 1 && alsoRequired.includes(String(f.path[0])) ? { ...f, required: true } : f,
    );
    specs.push({ ...s, url, token, fields });
  };

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
  const grant = refusing(grantBase);
  spec({
    name: GRANT,
    base: grantBase,
    unknownReferences: [
      grant(
        'a policy never published',
        (d) => ({ policyShown: { policyId: `nopolicy_${d.int(1e4)}`, version: '1' } }),
        404,
      ),
      grant(
        'a version never published',
        (d) => ({ policyShown: { policyId: 'privacy', version: `9${d.int(1e4)}` } }),
        404,
      ),
    ],
    contradictoryDates: [
      grant(
        'a term ending before the consent',
        (d, b) => ({ term: { kind: 'until', until: addMs(b.occurredAt as string, -d.between(0, 20) * DAY) } }),
        400,
        'term-ends-before-grant',
      ),
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
  const withdraw = refusing(withdrawBase);
  spec({
    name: WITHDRAW,
    base: withdrawBase,
    unknownReferences: [
      withdraw('a consent never given', (d) => ({ consentId: d.uuid() }), 404, 'unknown-consent'),
      withdraw('another person’s consent', () => ({ consentId: facts.consentA }), 404, 'unknown-consent'),
      withdraw('a person never seen', stranger, 404, 'unknown-consent'),
      withdraw(
        'a scope no consent covers',
        (d) => ({
          consentId: undefined,
          iin: d.chance(0.5) ? B : strangerIin(d),
          scope: { purposes: ['debt-collection'] },
        }),
        404,
        'nothing-to-withdraw',
      ),
    ],
    contradictoryDates: [
      withdraw('withdrawn before given', (d) => ({ occurredAt: daysAgo(d, 21, 29) }), 422, 'withdrawal-before-grant'),
    ],
  });

  const acceptBase = (): Body => ({
    iin: A,
    policy: { policyId: 'privacy', version: '2' },
    method: 'web-checkbox',
    evidence: [EVIDENCE],
    occurredAt: recent(),
  });
  const accept = refusing(acceptBase);
  spec({
    name: 'POST /v1/policy-acceptances',
    base: acceptBase,
    unknownReferences: [
      accept(
        'a policy never published',
        (d) => ({ policy: { policyId: `nopolicy_${d.int(1e4)}`, version: '1' } }),
        404,
      ),
      accept('a version never published', (d) => ({ policy: { policyId: 'privacy', version: `9${d.int(1e4)}` } }), 404),
    ],
  });

  spec({ name: 'POST /v1/loans/signed', base: () => ({ iin: A, loanId: 'L-A-2', occurredAt: recent() }) });

  const fulfilledBase = (): Body => ({ iin: A, loanId: 'L-A-1', occurredAt: recent() });
  const fulfil = refusing(fulfilledBase);
  spec({
    name: 'POST /v1/loans/fulfilled',
    base: fulfilledBase,
    unknownReferences: [
      fulfil('a loan never signed', (d) => ({ loanId: `L-NONE-${d.int(1e6)}` }), 404, 'unknown-loan'),
      fulfil('another person’s loan', () => ({ iin: B }), 404, 'unknown-loan'),
      fulfil('a person never seen', stranger, 404, 'unknown-loan'),
    ],
    contradictoryDates: [
      fulfil('fulfilled before signed', (d) => ({ occurredAt: daysAgo(d, 20, 29) }), 422, 'fulfilled-before-signed'),
    ],
  });

  const achievedBase = (): Body => ({
    iin: A,
    consentId: facts.consentA,
    purposes: ['advertising'],
    occurredAt: recent(),
  });
  const achieve = refusing(achievedBase);
  spec({
    name: 'POST /v1/purposes-achieved',
    base: achievedBase,
    unknownReferences: [
      achieve('a consent never given', (d) => ({ consentId: d.uuid() }), 404, 'unknown-consent'),
      achieve('another person’s consent', () => ({ iin: B }), 404, 'unknown-consent'),
      achieve('a person never seen', stranger, 404, 'unknown-consent'),
      achieve('a purpose the consent lacks', () => ({ purposes: ['debt-collection'] }), 400, 'purpose-not-in-consent'),
    ],
    contradictoryDates: [
      achieve('achieved before given', (d) => ({ occurredAt: daysAgo(d, 21, 29) }), 422, 'achieved-before-grant'),
    ],
  });

  spec({ name: 'POST /v1/disclosures', base: () => disclose(A, recent()) });

  const stoppedBase = (): Body => ({ iin: B, note: 'партнёры подтвердили удаление', occurredAt: recent() });
  const stoppedUrl = (id: string) => `/v1/withdrawals/${id}/processing-stopped`;
  const stop = refusing(stoppedBase);
  spec({
    name: STOPPED,
    base: stoppedBase,
    pathId: { value: facts.openWithdrawal, url: stoppedUrl, kind: 'uuid' },
    unknownReferences: [
      stop('a withdrawal never made', same, 404, 'unknown-withdrawal', (d) => stoppedUrl(d.uuid())),
      stop('another person’s withdrawal', () => ({ iin: A }), 404, 'unknown-withdrawal'),
      stop('a disclosure id', same, 404, 'unknown-withdrawal', () => stoppedUrl(facts.pendingNotice)),
      stop('a person never seen', stranger, 404, 'unknown-withdrawal'),
    ],
    contradictoryDates: [
      stop('stopped before withdrawn', (d) => ({ occurredAt: daysAgo(d, 6, 29) }), 422, 'stopped-before-withdrawal'),
    ],
  });

  const notifiedBase = (): Body => ({ iin: A, channel: 'sms', reference: 'sms/notice/1', occurredAt: recent() });
  const notifiedUrl = (id: string) => `/v1/disclosures/${id}/subject-notified`;
  const notify = refusing(notifiedBase);
  spec({
    name: NOTIFIED,
    base: notifiedBase,
    pathId: { value: facts.pendingNotice, url: notifiedUrl, kind: 'uuid' },
    unknownReferences: [
      notify('a disclosure never made', same, 404, 'unknown-notice', (d) => notifiedUrl(d.uuid())),
      notify('another person’s disclosure', () => ({ iin: B }), 404, 'unknown-notice'),
      notify('a withdrawal id', same, 404, 'unknown-notice', () => notifiedUrl(facts.openWithdrawal)),
      notify('a person never seen', stranger, 404, 'unknown-notice'),
    ],
    contradictoryDates: [
      notify(
        'notified before disclosed',
        (d) => ({ occurredAt: daysAgo(d, 4, 29) }),
        422,
        'notified-before-disclosure',
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
  const publish = refusing(publishBase);
  spec(
    {
      name: PUBLISH,
      base: publishBase,
      pathId: { value: 'privacy', url: (id) => `/v1/policies/${id}/versions`, kind: 'policyId' },
      alreadyRecorded: [
        publish('a version already published', (d) => ({ version: d.pick(['1', '2']) }), 409, 'policy-version-exists'),
      ],
      contradictoryDates: [
        publish(
          'in effect before published',
          (d, b) => ({ effectiveFrom: addMs(b.occurredAt as string, -d.between(1, 20) * 60 * 60 * 1000) }),
          422,
          'policy-effective-before-publication',
        ),
        publish(
          'in effect before the version in force',
          () => ({ occurredAt: at(3), effectiveFrom: at(2) }),
          422,
          'policy-effective-before-current',
        ),
      ],
    },
    admin,
  );

  const eraseBase = (): Body => ({
    iin: E,
    reason: 'court-decision',
    legalReference: 'Алматинский городской суд, дело 2-77/2026',
    occurredAt: recent(),
  });
  const erase = refusing(eraseBase);
  const notYet: Patch = (d) => ({
    legalReference: undefined,
    reason: d.pick(['subject-request', 'retention-expired']),
  });
  spec(
    { name: ERASE, base: eraseBase, alreadyRecorded: [erase('retention not over', notYet, 422, 'retention-not-over')] },
    admin,
    // Without the IIN the request names nobody; a court decision must name its reference.
    ['iin', 'legalReference'],
  );

  // Webhook subscribers (compliance-admin): one to replay and then remove, and the base for a new one.
  const hookSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const hook = await ledger.app.inject({
    method: 'POST',
    url: '/v1/webhooks/subscribers',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': key('hook') },
    // Nothing listens on port 49 (fetch never connects to 9): deliveries fail and wait, which is all the fuzz needs.
    payload: JSON.stringify({ url: 'http://127.0.0.1:49/fuzz', eventTypes: ['consent.withdrawn'], secret: hookSecret }),
  });
  if (hook.statusCode !== 201) throw new Error(`setup webhook subscriber failed: ${hook.statusCode} ${hook.body}`);
  const subscriberId = JSON.parse(hook.body).subscriberId as string;
  spec(
    {
      name: 'POST /v1/webhooks/subscribers',
      base: () => ({
        url: 'http://127.0.0.1:49/other',
        eventTypes: ['consent.withdrawn', 'subject.erased'],
        secret: hookSecret,
      }),
    },
    admin,
  );
  for (const action of ['replay', 'remove'] as const) {
    spec(
      {
        name: `POST /v1/webhooks/subscribers/{subscriberId}/${action}`,
        base: () => ({}),
        pathId: { value: subscriberId, url: (id) => `/v1/webhooks/subscribers/${id}/${action}`, kind: 'hex32' },
      },
      admin,
    );
  }

  const knownNames = new Set(specs.flatMap((s) => s.fields.flatMap((f) => f.path.map(String))));
  return { now, specs, usedKeys, knownNames, bodyLimit: ledger.config.bodyLimitBytes };
}

/** A valid IIN the ledger has not seen, the same ones for the same seed. */
function freshIin(seed: number, avoid: Set<string>): string {
  for (let n = avoid.size; ; n++) {
    const first11 = `9${String(100000 + (((seed % 7919) * 104729 + n * 7907) % 900000))}${String(n % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    const iin = first11 + String(check);
    if (check !== undefined && isValidIin(iin) && !avoid.has(iin)) return iin;
  }
}

/** Every case, or (see PER_FIELD_IN_SUITE) a few of each field's, chosen by the field's place. */
function casesToSend<T extends { detail: string }>(mutation: string, cases: T[]): T[] {
  const perField = SCALE < 1 ? PER_FIELD_IN_SUITE[mutation] : undefined;
  if (!perField) return cases;
  const byField = new Map<string, T[]>();
  for (const draft of cases) {
    const field = draft.detail.split(' = ')[0];
    byField.set(field, [...(byField.get(field) ?? []), draft]);
  }
  return [...byField.values()].flatMap((drafts, i) =>
    drafts.length <= perField ? drafts : Array.from({ length: perField }, (_, j) => drafts[(i + j) % drafts.length]),
  );
}

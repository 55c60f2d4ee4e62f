import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { ago, DAY, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { disclosureRequest, smsGrantRequest, withdrawalRequest } from '../support/requests';

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  security?: unknown[];
  components: { schemas: Record<string, Schema> };
}

const REASON = encodeURIComponent('support ticket: SD-4711');
const policySha = createHash('sha256').update('Дербес деректерді өңдеуге қатысты саясат').digest('hex');

/**
 * Every answer the document promises has a schema, and the ledger's real answers keep to it: each
 * schema is closed (no property it does not name), so a field added or renamed without the document fails.
 */
describe('the OpenAPI document describes every answer', () => {
  let ledger: Ledger;
  let doc: OpenApi;
  let ajv: Ajv;

  beforeAll(async () => {
    ledger = await startLedger();
    doc = (await ledger.request('GET', '/docs/openapi.json')).body as OpenApi;
    ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } });
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      ajv.addSchema(closed(schema) as Schema, `#/components/schemas/${name}`);
    }
  });
  afterAll(() => closeAndRemove(ledger));

  it('is served where README says a client finds it', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const named = [...readme.matchAll(/OpenAPI document at `?(\/[\w./-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const path of new Set(named)) {
      const reply = await ledger.request('GET', path, undefined, {}, null);
      expect([path, reply.status, typeof reply.body?.openapi]).toEqual([path, 200, 'string']);
    }
  });

  it('lists the problem codes, as GET /problems does', async () => {
    const listed = ((await ledger.request('GET', '/problems')).body as { code: string }[]).map((p) => p.code);
    const problem = doc.components.schemas.Problem as { properties: { code: { enum?: string[] } } };
    expect(problem.properties.code.enum).toEqual(listed);
  });

  it('gives every 2xx JSON response of every route a schema', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const answers = Object.entries(operation.responses ?? {}).filter(([status]) => /^2/.test(status));
        if (answers.length === 0) missing.push(`${method.toUpperCase()} ${path}: no 2xx answer`);
        for (const [status, answer] of answers) {
          for (const [media, content] of Object.entries(answer.content ?? {})) {
            if (/json/.test(media) && !media.includes('ndjson') && !content.schema) {
              missing.push(`${method.toUpperCase()} ${path} ${status} ${media}`);
            }
          }
          if (status !== '204' && !answer.content)
            missing.push(`${method.toUpperCase()} ${path} ${status}: no content`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('matches the real answers of the main routes', async () => {
    const answers: [method: 'get' | 'post', path: string, status: number, body: unknown][] = [];
    const record = async (
      method: 'GET' | 'POST',
      template: string,
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const reply = await ledger.request(method, url, body, headers);
      if (reply.status >= 300) throw new Error(`${method} ${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
      answers.push([method.toLowerCase() as 'get' | 'post', template, reply.status, reply.body]);
      return reply.body;
    };
    const command = (template: string, url: string, body: unknown) =>
      record('POST', template, url, body, { 'idempotency-key': key('schema') });

    // One instant for both: two readings of a running clock could put publication after effect.
    const published = ago(ledger, 25 * DAY);
    await command('/v1/policies/{policyId}/versions', '/v1/policies/privacy/versions', {
      version: '1',
      effectiveFrom: published,
      occurredAt: published,
      materialChange: true,
      texts: { kk: { sha256: policySha, url: 'https://acredit.kz/privacy/1/kk' } },
    });
    const iin = newIin();
    const granted = await command('/v1/consents', '/v1/consents', smsGrantRequest(iin, ago(ledger, 20 * DAY)));
    const { subjectId, consentId } = granted as { subjectId: string; consentId: string };
    await command('/v1/loans/signed', '/v1/loans/signed', {
      iin,
      loanId: 'MC-1',
      occurredAt: ago(ledger, 15 * DAY),
    });
    await command(
      '/v1/disclosures',
      '/v1/disclosures',
      disclosureRequest({
        iin,
        occurredAt: ago(ledger, 3 * DAY),
      }),
    );
    // Part withdrawn, part refused while the loan is open.
    await command(
      '/v1/withdrawals',
      '/v1/withdrawals',
      withdrawalRequest(iin, { purposes: ['advertising', 'microcredit-contract'] }, ago(ledger, 2 * DAY), {
        consentId,
      }),
    );

    const person = `/v1/subjects/${subjectId}`;
    const reason = { 'x-access-reason': REASON };
    await record('POST', '/v1/subjects/resolve', '/v1/subjects/resolve', { iin });
    await record('POST', '/v1/subjects/resolve', '/v1/subjects/resolve', { iin: newIin() });
    await record('GET', '/v1/subjects/{subjectId}/consents', `${person}/consents`, undefined, reason);
    const checkQuery = 'purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,full-name';
    await record('GET', '/v1/subjects/{subjectId}/check', `${person}/check?${checkQuery}`, undefined, reason);
    await record('GET', '/v1/subjects/{subjectId}/check', `${person}/check?purpose=advertising&dataCategories=iin`);
    await record('POST', '/v1/consent-checks', '/v1/consent-checks', {
      iin,
      purpose: 'advertising',
      dataCategories: ['iin'],
    });
    await record('GET', '/v1/subjects/{subjectId}/timeline', `${person}/timeline`, undefined, reason);
    await record(
      'GET',
      '/v1/subjects/{subjectId}/consents/{consentId}/receipt',
      `${person}/consents/${consentId}/receipt`,
      undefined,
      reason,
    );
    await record('GET', '/v1/subjects/{subjectId}/report', `${person}/report?language=en`, undefined, reason);
    await record('POST', '/v1/subject-reports', '/v1/subject-reports', { iin }, reason);
    // Read-your-writes, as every query: the answer says how fresh it is and whether it reached the position asked.
    const reported = (await record(
      'GET',
      '/v1/subjects/{subjectId}/access-report',
      `${person}/access-report?minPosition=${(granted as { position: string }).position}`,
      undefined,
      reason,
    )) as { projection?: { reachedMinPosition?: boolean } };
    expect(reported.projection?.reachedMinPosition).toBe(true);
    await record('GET', '/v1/disclosures', '/v1/disclosures?recipient=first-credit-bureau');
    await record('GET', '/v1/catalogue', '/v1/catalogue');
    await record('GET', '/v1/policies', '/v1/policies');
    await record('GET', '/v1/policies/{policyId}', '/v1/policies/privacy');
    await record('GET', '/v1/reports/refused-withdrawals', '/v1/reports/refused-withdrawals');
    await record('GET', '/v1/reports/withdrawal-deadlines', '/v1/reports/withdrawal-deadlines');
    const accessLog = (await record('GET', '/v1/access-log', `/v1/access-log?subjectId=${subjectId}`)) as {
      projection?: { caughtUp?: boolean };
    };
    expect(typeof accessLog.projection?.caughtUp).toBe('boolean');
    await record('GET', '/v1/changes', '/v1/changes');
    await record('GET', '/health/live', '/health/live');
    await record('GET', '/health/ready', '/health/ready');
    await record('GET', '/v1/integrity/public-key', '/v1/integrity/public-key');
    await record('POST', '/v1/integrity/checkpoints', '/v1/integrity/checkpoints');
    await record('GET', '/v1/integrity/checkpoints', '/v1/integrity/checkpoints');
    const subscriber = await command('/v1/webhooks/subscribers', '/v1/webhooks/subscribers', {
      url: 'http://127.0.0.1:49/hooks',
      eventTypes: ['consent.withdrawn'],
      secret: `whsec_${Buffer.from('a-secret-of-thirty-two-bytes-long!').toString('base64')}`,
    });
    await record('GET', '/v1/webhooks/subscribers', '/v1/webhooks/subscribers');
    await record('GET', '/v1/webhooks/attempts', '/v1/webhooks/attempts');
    await record('POST', '/v1/webhooks/deadline-watch', '/v1/webhooks/deadline-watch');
    const { subscriberId } = subscriber as { subscriberId: string };
    await command(
      '/v1/webhooks/subscribers/{subscriberId}/remove',
      `/v1/webhooks/subscribers/${subscriberId}/remove`,
      {},
    );
    await command('/v1/erasures', '/v1/erasures', {
      iin,
      reason: 'court-decision',
      legalReference: 'case 2-1234/2026',
      occurredAt: ago(ledger, 1 * DAY),
    });
    await record('POST', '/v1/erasures/sweep', '/v1/erasures/sweep');
    // The list of problem codes README points to, and where each problem's `type` leads.
    await record('GET', '/problems', '/problems');
    await record('GET', '/problems/{code}', '/problems/unknown-subject');

    const failures: string[] = [];
    for (const [method, path, status, body] of answers) {
      const validate = validatorFor(method, path, status);
      if (!validate) failures.push(`${method.toUpperCase()} ${path} ${status}: no schema`);
      else if (!validate(body))
        failures.push(`${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it('describes the refusals, conflicts and failures a client meets: status, media type, closed schema, headers', async () => {
    const failures: string[] = [];
    /** The answer as the document declares it for this route and status, its body against the schema closed. */
    const expectDeclared = (
      method: 'get' | 'post',
      path: string,
      reply: { status: number; headers: object; body: unknown },
    ) => {
      const line = `${method.toUpperCase()} ${path} ${reply.status}`;
      const answer = doc.paths[path]?.[method]?.responses?.[String(reply.status)] as
        { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> } | undefined;
      if (!answer) return void failures.push(`${line}: not declared`);
      const headers = reply.headers as Record<string, unknown>;
      const media = String(headers['content-type'] ?? '').split(';')[0];
      const schema = answer.content?.[media]?.schema;
      if (!schema) return void failures.push(`${line}: ${media} not declared`);
      const validate = ajv.compile(closed(schema) as Schema);
      if (!validate(reply.body)) failures.push(`${line}: ${ajv.errorsText(validate.errors)}`);
      for (const header of ['idempotent-replayed', 'retry-after'])
        if (
          headers[header] !== undefined &&
          !Object.keys(answer.headers ?? {}).some((name) => name.toLowerCase() === header)
        )
          failures.push(`${line}: header ${header} not declared`);
    };
    const twice = async (path: string, body: unknown) => {
      const k = key('refusal');
      for (let i = 0; i < 2; i++)
        expectDeclared('post', path, await ledger.request('POST', path, body, { 'idempotency-key': k }));
    };

    const published = ago(ledger, 25 * DAY);
    await ledger.command('/v1/policies/refusals/versions', key('policy'), {
      version: '1',
      effectiveFrom: published,
      occurredAt: published,
      materialChange: true,
      texts: { kk: { sha256: policySha, url: 'https://acredit.kz/privacy/1/kk' } },
    });
    // A subscriber of refusals, at a port where nothing answers.
    const subscriber = await ledger.command('/v1/webhooks/subscribers', key('subscriber'), {
      url: 'http://127.0.0.1:49/hooks',
      eventTypes: ['withdrawal.refused'],
      secret: `whsec_${Buffer.from('a-secret-of-thirty-two-bytes-long!').toString('base64')}`,
    });
    const iin = newIin();
    const policyShown = { policyId: 'refusals', version: '1' };
    await ledger.command('/v1/consents', key('grant'), smsGrantRequest(iin, ago(ledger, 20 * DAY), { policyShown }));
    await ledger.command('/v1/loans/signed', key('loan'), { iin, loanId: 'MC-7', occurredAt: ago(ledger, 15 * DAY) });
    // A refusal recorded, and the same answer again for its key, marked as a replay.
    await twice(
      '/v1/withdrawals',
      withdrawalRequest(iin, { purposes: ['microcredit-contract'] }, ago(ledger, 2 * DAY)),
    );
    await twice(
      '/v1/disclosures',
      disclosureRequest({ iin, dataCategories: ['credit-history'], occurredAt: ago(ledger, DAY) }),
    );
    // Nobody by that IIN to erase.
    const erase = {
      iin: newIin(),
      reason: 'court-decision',
      legalReference: 'case 2-1/2026',
      occurredAt: ago(ledger, DAY),
    };
    expectDeclared('post', '/v1/erasures', await ledger.command('/v1/erasures', key('erase'), erase));
    // A subscriber's key used again for another request.
    const replayPath = `/v1/webhooks/subscribers/${subscriber.body.subscriberId as string}/replay`;
    const replayKey = key('replay');
    await ledger.command(replayPath, replayKey, { from: subscriber.body.position });
    expectDeclared(
      'post',
      '/v1/webhooks/subscribers/{subscriberId}/replay',
      await ledger.command(replayPath, replayKey, { from: '0' }),
    );
    // A body that does not parse, or is too large, on any POST.
    const bad = await ledger.request('POST', '/v1/integrity/checkpoints', '{"half":');
    expectDeclared('post', '/v1/integrity/checkpoints', bad);
    const large = { ...erase, legalReference: 'x'.repeat(ledger.config.bodyLimitBytes) };
    expectDeclared('post', '/v1/erasures', await ledger.command('/v1/erasures', key('large'), large));
    // Every attempt, a failed one with its retry time too (the receiver at port 9 refuses).
    let attempts = await ledger.request('GET', '/v1/webhooks/attempts');
    for (let i = 0; i < 200 && attempts.body.attempts.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      attempts = await ledger.request('GET', '/v1/webhooks/attempts');
    }
    expect(attempts.body.attempts.length).toBeGreaterThan(0);
    expectDeclared('get', '/v1/webhooks/attempts', attempts);
    expect(failures).toEqual([]);
  });

  it('declares the headers a refused token and a spent budget carry: WWW-Authenticate, Retry-After', async () => {
    const limited = await startLedger(undefined, {
      env: { LEDGER_RATE_LIMIT_PER_MINUTE: '1200', LEDGER_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1' },
    });
    try {
      const answers = [];
      for (let i = 0; i < 2; i++) answers.push(await limited.request('GET', '/v1/catalogue', undefined, {}, null));
      expect(answers.map((a) => a.status)).toEqual([401, 429]);
      for (const [reply, header] of [
        [answers[0], 'www-authenticate'],
        [answers[1], 'retry-after'],
      ] as const) {
        expect(reply.headers[header]).toBeDefined();
        const declared = doc.paths['/v1/catalogue'].get.responses?.[String(reply.status)] as { headers?: object };
        expect(Object.keys(declared.headers ?? {}).map((name) => name.toLowerCase())).toContain(header);
      }
    } finally {
      await closeAndRemove(limited);
    }
  });

  it('gives every command the Idempotency-Key pattern the ledger holds keys to', async () => {
    type Header = { name: string; in: string; schema?: { pattern?: string; maxLength?: number } };
    const headers = Object.values(doc.paths).flatMap((operations) =>
      ((operations.post as { parameters?: Header[] } | undefined)?.parameters ?? []).filter(
        (p) => p.in === 'header' && p.name === 'Idempotency-Key',
      ),
    );
    expect(headers.length).toBeGreaterThan(10);
    const schema = headers[0].schema ?? {};
    for (const header of headers) expect(header.schema).toEqual(schema);
    const documented = (key: string) =>
      new RegExp(schema.pattern ?? '').test(key) && key.length <= (schema.maxLength ?? Infinity);
    // The words said "1-128 characters of A-Z a-z 0-9 _ . : -": a key starting with any of them was refused.
    for (const candidate of ['a', '7', '-retry-1', '_a', '.a', ':a', 'a'.repeat(128), 'a'.repeat(129), 'A-b_c.d:e']) {
      const reply = await ledger.command('/v1/loans/signed', candidate, {
        iin: newIin(),
        loanId: 'MC-KEY-1',
        occurredAt: ago(ledger, DAY),
      });
      expect({ candidate, accepted: reply.status === 201 }).toEqual({ candidate, accepted: documented(candidate) });
    }
  });

  it('says what a 404 of the feed and the webhook routes is: a position or a subscriber, not a person', () => {
    // Every 404 was described as an unknown person, consent, loan or policy version.
    const notFound = (path: string, method: string) =>
      (doc.paths[path][method].responses?.['404'] as { description?: string } | undefined)?.description;
    expect(notFound('/v1/changes', 'get')).toMatch(/position-not-in-log/);
    expect(notFound('/v1/webhooks/subscribers/{subscriberId}/replay', 'post')).toMatch(
      /unknown-webhook-subscriber.*position-not-in-log/,
    );
    expect(notFound('/v1/webhooks/subscribers/{subscriberId}/remove', 'post')).toMatch(/unknown-webhook-subscriber/);
    expect(notFound('/v1/webhooks/attempts', 'get')).toMatch(/unknown-webhook-subscriber/);
  });

  it('says what an import reads, its two media types, and promises no 413 for the file it streams', () => {
    const imports = doc.paths['/v1/imports'].post as Operation & { requestBody?: { content?: object } };
    expect(Object.keys(imports.requestBody?.content ?? {}).sort()).toEqual(['application/x-ndjson', 'text/csv']);
    expect(Object.keys(imports.responses ?? {})).not.toContain('413');
  });

  it('declares every status the routes answer: 401 and 403 where a token is needed, none on the open routes', async () => {
    const undeclared: string[] = [];
    const check = (method: string, path: string, status: number, declared: Record<string, unknown>) => {
      const line = `${method.toUpperCase()} ${path}: ${status}`;
      if (!(String(status) in declared) && !undeclared.includes(line)) undeclared.push(line);
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      const url = path.replace(/\{[^}]+\}/g, 'ffffffffffffffffffffffffffffffff');
      for (const [method, operation] of Object.entries(operations) as [
        string,
        Operation & { security?: unknown[] },
      ][]) {
        const verb = method.toUpperCase() as 'GET' | 'POST';
        const declared = operation.responses ?? {};
        const anonymous = await ledger.request(verb, url, verb === 'POST' ? {} : undefined, {}, null);
        check(method, path, anonymous.status, declared);
        // Any route, open or not, refuses an IIN in a header a caller writes freely.
        const named = await ledger.request(verb, url, verb === 'POST' ? {} : undefined, {
          'x-correlation-id': newIin(),
        });
        check(method, path, named.status, declared);
        // An open route says so (security: []); every other one needs the bearer token the document names.
        const open = anonymous.status !== 401;
        const security = JSON.stringify(operation.security ?? doc.security);
        if (security !== (open ? '[]' : '[{"bearer":[]}]'))
          undeclared.push(`${method.toUpperCase()} ${path}: security ${security}`);
        if (open) continue;
        const roles = ['operator', 'support'] as const;
        for (const role of roles) {
          const reply = await ledger.request(verb, url, verb === 'POST' ? {} : undefined, {}, [role]);
          if (reply.status === 403) check(method, path, 403, declared);
        }
      }
    }
    // What the walk above cannot reach without data: refusals of a well-formed token's bad request.
    const bad: [method: 'GET' | 'POST', path: string, url: string, body?: unknown][] = [
      ['POST', '/v1/subjects/resolve', '/v1/subjects/resolve', { iin: '900101300018' }],
      ['GET', '/v1/policies', '/v1/policies?knownAt=2999-01-01T00:00:00Z'],
      ['GET', '/v1/policies/{policyId}', '/v1/policies/privacy?at=yesterday'],
      // No policy can be named so: malformed, not unknown (as when publishing under it).
      ['GET', '/v1/policies/{policyId}', '/v1/policies/Not-A-Policy'],
      ['GET', '/v1/integrity/checkpoints', '/v1/integrity/checkpoints?limit=abc'],
    ];
    for (const [method, path, url, body] of bad) {
      const reply = await ledger.request(method, url, body);
      expect([url, reply.status]).toEqual([url, 400]);
      check(method.toLowerCase(), path, reply.status, doc.paths[path][method.toLowerCase()].responses ?? {});
    }
    // Every command that needs an idempotency key says so, and says how a replay is marked.
    const adminToken = await ledger.token(['lending-core', 'compliance-admin']);
    for (const [path, operations] of Object.entries(doc.paths)) {
      const operation = operations.post as
        | (Operation & { parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: object }> })
        | undefined;
      if (!operation) continue;
      const reply = await ledger.request('POST', path.replace(/\{[^}]+\}/g, 'ffffffffffffffffffffffffffffffff'), {});
      if (reply.body?.code !== 'idempotency-key-required') continue;
      // Any body but JSON (an import: NDJSON or CSV) is refused before it is read.
      const wrongType = await ledger.app.inject({
        method: 'POST',
        url: path.replace(/\{[^}]+\}/g, 'ffffffffffffffffffffffffffffffff'),
        payload: 'hi',
        headers: {
          'content-type': 'image/png',
          'idempotency-key': key('media'),
          authorization: `Bearer ${adminToken}`,
        },
      });
      check('post', path, wrongType.statusCode, operation.responses);
      if (!operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        undeclared.push(`POST ${path}: Idempotency-Key header`);
      for (const [status, answer] of Object.entries(operation.responses))
        // An import answers with its report each time; its row keys, not a replay, keep a re-run from writing.
        if (/^2/.test(status) && path !== '/v1/imports' && !(answer.headers && 'idempotent-replayed' in answer.headers))
          undeclared.push(`POST ${path} ${status}: idempotent-replayed header`);
    }
    expect(undeclared).toEqual([]);
    // Not ready is a 503 with the route's own body, which the walk above cannot bring about.
    for (const path of ['/health/probe', '/health/ready']) {
      expect([path, doc.paths[path].get.responses?.['503']?.content?.['application/json']?.schema]).toEqual([
        path,
        expect.objectContaining({ $ref: expect.any(String) }),
      ]);
    }
  });

  function validatorFor(method: string, path: string, status: number): ValidateFunction | undefined {
    const schema = doc.paths[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
    return schema ? ajv.compile(closed(schema) as Schema) : undefined;
  }
});

/** A schema that names its properties allows no others unless it says so. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(schema)) {
    copy[name] = name === 'properties' ? mapValues(value as Record<string, unknown>, closed) : closed(value);
  }
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

const mapValues = (record: Record<string, unknown>, f: (value: unknown) => unknown) =>
  Object.fromEntries(Object.entries(record).map(([name, value]) => [name, f(value)]));

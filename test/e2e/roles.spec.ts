import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER } from '../../apps/ledger/src/auth/auth-config';
import { Role, ROLES } from '../../apps/ledger/src/auth/roles';
import { Ledger, startLedger, closeAndRemove } from '../support/ledger-harness';
import { devToken } from '../support/tokens';

/**
 * Who may do what, route by route. The table is the specification: a route the application has
 * but the table lacks (or the other way round) fails the first test, so every new route must
 * declare its roles here too.
 */
const CORE: Role[] = ['lending-core'];
const READERS: Role[] = ['support', 'auditor', 'regulator'];
const AUDITORS: Role[] = ['auditor', 'regulator'];
const EVERYONE: Role[] = [...ROLES];

const MATRIX: Record<string, Role[] | 'public'> = {
  'POST /v1/consents': CORE,
  'POST /v1/withdrawals': CORE,
  'POST /v1/policy-acceptances': CORE,
  'POST /v1/loans/signed': CORE,
  'POST /v1/loans/fulfilled': CORE,
  'POST /v1/purposes-achieved': CORE,
  'POST /v1/disclosures': CORE,
  'POST /v1/withdrawals/{withdrawalId}/processing-stopped': CORE,
  'POST /v1/disclosures/{disclosureId}/subject-notified': CORE,
  'POST /v1/policies/{policyId}/versions': ['compliance-admin'],
  'POST /v1/subjects/resolve': ['lending-core', ...READERS],
  'GET /v1/subjects/{subjectId}/check': ['lending-core', ...READERS],
  'GET /v1/subjects/{subjectId}/matrix': READERS,
  'POST /v1/consent-checks': ['lending-core', ...READERS],
  'GET /v1/subjects/{subjectId}/consents': READERS,
  'GET /v1/subjects/{subjectId}/timeline': READERS,
  'GET /v1/subjects/{subjectId}/consents/{consentId}/receipt': READERS,
  // Not compliance-admin: it publishes policies and reads reports, not every disclosure of every person.
  'GET /v1/disclosures': AUDITORS,
  'GET /v1/catalogue': EVERYONE,
  'GET /v1/policies': EVERYONE,
  'GET /v1/policies/{policyId}': EVERYONE,
  'GET /v1/exports/log': AUDITORS,
  'GET /v1/exports/subjects/{subjectId}': AUDITORS,
  'GET /v1/exports/period': AUDITORS,
  'GET /v1/reports/disclosures-no-longer-covered': [...AUDITORS, 'compliance-admin'],
  'GET /v1/reports/refused-disclosures': [...AUDITORS, 'compliance-admin'],
  'GET /v1/reports/refused-withdrawals': [...AUDITORS, 'compliance-admin'],
  'GET /v1/reports/withdrawal-deadlines': [...AUDITORS, 'compliance-admin'],
  'GET /v1/reports/notice-deadlines': [...AUDITORS, 'compliance-admin'],
  'GET /v1/integrity/public-key': EVERYONE,
  'GET /v1/integrity/public-key.pem': EVERYONE,
  'GET /v1/integrity/checkpoints': [...AUDITORS, 'compliance-admin'],
  'POST /v1/integrity/checkpoints': [...AUDITORS, 'compliance-admin'],
  'POST /v1/erasures': ['compliance-admin'],
  'POST /v1/erasures/sweep': ['compliance-admin'],
  'GET /v1/access-log': AUDITORS,
  // Not support: the report shows other staff and the reasons they gave.
  'GET /v1/subjects/{subjectId}/access-report': AUDITORS,
  'GET /v1/changes': ['lending-core', 'compliance-admin', ...AUDITORS],
  'POST /v1/webhooks/subscribers': ['compliance-admin'],
  'POST /v1/webhooks/subscribers/{subscriberId}/remove': ['compliance-admin'],
  'POST /v1/webhooks/subscribers/{subscriberId}/replay': ['compliance-admin'],
  'GET /v1/webhooks/subscribers': ['compliance-admin', ...AUDITORS],
  'POST /v1/webhooks/deadline-watch': ['compliance-admin'],
  'POST /v1/imports': ['compliance-admin'],
  'GET /v1/webhooks/attempts': ['compliance-admin', ...AUDITORS],
  // The person's own report (Art. 24): support hands it to the borrower who asks.
  'GET /v1/subjects/{subjectId}/report': READERS,
  'POST /v1/subject-reports': READERS,
  'GET /health/live': 'public',
  'GET /health/probe': 'public',
  'GET /health/ready': EVERYONE,
  'GET /metrics': EVERYONE,
  'GET /problems': EVERYONE,
  'GET /problems/{code}': EVERYONE,
};

/** Routes kept out of the OpenAPI document on purpose (none: README names /problems as the list of codes). */
const UNDOCUMENTED: string[] = [];

const PARAMS: Record<string, string> = {
  subjectId: '0'.repeat(32),
  consentId: '00000000-0000-4000-8000-000000000000',
  withdrawalId: '00000000-0000-4000-8000-000000000000',
  disclosureId: '00000000-0000-4000-8000-000000000000',
  policyId: 'privacy',
  code: 'forbidden',
};

describe('authentication and roles', () => {
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => closeAndRemove(ledger));

  const call = (route: string, headers: Record<string, string>) => {
    const [method, template] = route.split(' ');
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name]);
    return ledger.app.inject({
      method: method as 'GET' | 'POST',
      url,
      headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { payload: '{}' } : {}),
    });
  };

  it('has a declared set of roles for every route the application serves', async () => {
    const openapi = (await ledger.request('GET', '/docs/openapi.json')).body;
    const documented = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...documented, ...UNDOCUMENTED].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.keys(MATRIX))(
    '%s answers 401 without a token, 403 to the wrong roles, and lets the right ones in',
    async (route) => {
      const allowed = MATRIX[route];
      const anonymous = await call(route, {});
      if (allowed === 'public') {
        expect(anonymous.statusCode).toBe(200);
        return;
      }
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
      // RFC 9110 §11.6.1, RFC 6750 §3: a 401 names the scheme that would be accepted.
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(anonymous.json().code).toBe('unauthenticated');
      for (const role of ROLES) {
        const reply = await call(route, {
          authorization: `Bearer ${await ledger.token([role])}`,
          'x-access-reason': 'role matrix test',
        });
        if (allowed.includes(role)) {
          expect({ route, role, allowed: ![401, 403].includes(reply.statusCode) }).toEqual({
            route,
            role,
            allowed: true,
          });
        } else {
          expect({ route, role, status: reply.statusCode }).toEqual({ route, role, status: 403 });
          expect(reply.json().code).toBe('forbidden');
        }
      }
    },
  );

  it('refuses tokens that are expired, for another audience or issuer, signed by another key, or malformed', async () => {
    const route = 'GET /v1/catalogue';
    const pem = ledger.config.auth.developmentPrivateKeyPem!;
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bad = [
      await devToken(pem, ['auditor'], { ttlSeconds: -120 }),
      await devToken(pem, ['auditor'], { audience: 'someone-else' }),
      await devToken(pem, ['auditor'], { issuer: 'https://evil.example' }),
      await devToken(stranger, ['auditor']),
      'not.a.token',
      '',
    ];
    // alg none, and HS256 keyed with the provider's public key: both must fail on the algorithm.
    const good = await devToken(pem, ['auditor']);
    const [, payload] = good.split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}`;
    bad.push(`${unsigned}.`);
    const hs256 = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${payload}`;
    const publicPem = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' });
    bad.push(`${hs256}.${createHmac('sha256', publicPem).update(hs256).digest('base64url')}`);
    for (const token of bad) {
      const reply = await call(route, { authorization: `Bearer ${token}` });
      expect(reply.statusCode).toBe(401);
      expect(reply.headers['www-authenticate']).toMatch(token ? /^Bearer .*error="invalid_token"/ : /^Bearer /);
    }
    // Another scheme is no token refused: the challenge names no error (RFC 6750 §3.1).
    const basic = await call(route, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
    expect([basic.statusCode, basic.headers['www-authenticate']]).toEqual([401, 'Bearer realm="consent-ledger"']);
    expect((await call(route, { authorization: `Bearer ${await devToken(pem, ['auditor'])}` })).statusCode).toBe(200);
    // The scheme is case-insensitive (RFC 7235 §2.1, RFC 6750 §2.1).
    expect((await call(route, { authorization: `bearer ${await devToken(pem, ['auditor'])}` })).statusCode).toBe(200);
  });

  /** Well-formed requests to the support-scope reads, so that only the missing reason is wrong. */
  const VALID: Record<string, { body?: object; query?: string }> = {
    'POST /v1/subjects/resolve': { body: { iin: '900101300017' } },
    'GET /v1/subjects/{subjectId}/check': { query: '?purpose=advertising&dataCategories=iin' },
    'POST /v1/consent-checks': { body: { iin: '900101300017', purpose: 'advertising', dataCategories: ['iin'] } },
    'POST /v1/subject-reports': { body: { iin: '900101300017' } },
  };

  /** Routes open to support but not to everyone: the support-scope reads. */
  const SUPPORT_SCOPE = Object.entries(MATRIX)
    .filter(([, roles]) => roles !== 'public' && roles.includes('support') && roles.length < ROLES.length)
    .map(([route]) => route);

  it("finds the support-scope reads: resolve, both checks, the matrix, consents, timeline, receipt, the person's report", () => {
    expect(SUPPORT_SCOPE.sort()).toEqual(
      [
        'POST /v1/subjects/resolve',
        'GET /v1/subjects/{subjectId}/check',
        'POST /v1/consent-checks',
        'GET /v1/subjects/{subjectId}/matrix',
        'GET /v1/subjects/{subjectId}/consents',
        'GET /v1/subjects/{subjectId}/timeline',
        'GET /v1/subjects/{subjectId}/consents/{consentId}/receipt',
        'GET /v1/subjects/{subjectId}/report',
        'POST /v1/subject-reports',
      ].sort(),
    );
  });

  it.each(SUPPORT_SCOPE)('%s: a token holding support and another role still has to give a reason', async (route) => {
    const [method, template] = route.split(' ');
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name]) + (VALID[route]?.query ?? '');
    for (const other of ['lending-core', 'auditor'] as Role[]) {
      const token = await ledger.token(['support', other], `support-and-${other}`);
      const reply = await ledger.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { payload: JSON.stringify(VALID[route]?.body ?? {}) } : {}),
      });
      expect({ route, other, status: reply.statusCode, code: reply.json().code }).toEqual({
        route,
        other,
        status: 400,
        code: 'access-reason-required',
      });
    }
  });

  it('records a support-scope read by a token holding support and lending-core as made by support', async () => {
    const token = await ledger.token(['lending-core', 'support'], 'two-hats');
    const reply = await ledger.app.inject({
      method: 'POST',
      url: '/v1/subjects/resolve',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-access-reason': 'call 17' },
      payload: JSON.stringify({ iin: '900101300017' }),
    });
    expect(reply.statusCode).toBe(200);
    // The ledger does not know this IIN: the look is recorded as a miss, under the role it was made in.
    expect(reply.json()).toEqual({ known: false });
    const events = await ledger.store.readStream('access-misses');
    expect(events.at(-1)).toMatchObject({
      type: 'LookupMissed',
      data: { accessor: { sub: 'two-hats', role: 'support' }, view: 'resolve' },
    });
  });

  describe('token times', () => {
    const route = 'GET /v1/catalogue';
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: { iat?: number; exp?: number; nbf?: number }) => {
      let jwt = new SignJWT({ roles: ['auditor'] })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('timekeeper')
        .setIssuer(DEVELOPMENT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE);
      if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
      if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
      return jwt.sign(createPrivateKey(ledger.config.auth.developmentPrivateKeyPem!));
    };
    const status = async (claims: { iat?: number; exp?: number; nbf?: number }) => {
      const reply = await call(route, { authorization: `Bearer ${await sign(claims)}` });
      return { status: reply.statusCode, detail: reply.statusCode === 200 ? undefined : reply.json().detail };
    };

    it('refuses a token without exp', async () => {
      expect(await status({ iat: now() })).toEqual({ status: 401, detail: expect.stringContaining('exp') });
    });

    it('refuses a token that lives longer than the limit (1 h by default), counted from iat or from now', async () => {
      expect(await status({ iat: now(), exp: now() + 3600 })).toMatchObject({ status: 200 });
      expect(await status({ iat: now() - 60, exp: now() + 3600 })).toEqual({
        status: 401,
        detail: expect.stringContaining('longer than 3600 s'),
      });
      expect(await status({ exp: now() + 3500 })).toMatchObject({ status: 200 });
      expect(await status({ exp: now() + 3600 + 15 })).toEqual({
        status: 401,
        detail: expect.stringContaining('longer than 3600 s'),
      });
      expect(await status({ exp: now() + 24 * 3600 })).toMatchObject({ status: 401 });
    });

    it('refuses a token not yet valid (nbf) beyond the clock tolerance', async () => {
      expect(await status({ iat: now(), exp: now() + 600, nbf: now() + 20 })).toMatchObject({ status: 200 });
      expect(await status({ iat: now(), exp: now() + 600, nbf: now() + 120 })).toEqual({
        status: 401,
        detail: expect.stringContaining('nbf'),
      });
    });

    it('refuses a token issued in the future beyond the clock tolerance (30 s by default)', async () => {
      expect(await status({ iat: now() + 20, exp: now() + 600 })).toMatchObject({ status: 200 });
      expect(await status({ iat: now() + 300, exp: now() + 600 })).toEqual({
        status: 401,
        detail: expect.stringContaining('issued in the future'),
      });
    });
  });

  it('records who did it: the token’s subject and role become the event’s actor', async () => {
    const token = await ledger.token(['compliance-admin'], 'aigerim@acredit.kz');
    const now = ledger.clock.now();
    const reply = await ledger.app.inject({
      method: 'POST',
      url: '/v1/policies/actors/versions',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'actor-test',
      },
      payload: JSON.stringify({
        version: '1',
        effectiveFrom: now,
        occurredAt: now,
        materialChange: false,
        texts: { kk: { sha256: 'c'.repeat(64), url: 'https://acredit.kz/x' } },
      }),
    });
    expect(reply.statusCode).toBe(201);
    const [event] = await ledger.store.readStream('policy-actors');
    expect(event.metadata.actor).toEqual({ kind: 'user', id: 'aigerim@acredit.kz', role: 'compliance-admin' });
  });
});

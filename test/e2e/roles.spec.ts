import { generateKeyPairSync } from 'node:crypto';
import { Role, ROLES } from '../../apps/ledger/src/auth/roles';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';
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
  'POST /v1/consent-checks': ['lending-core', ...READERS],
  'GET /v1/subjects/{subjectId}/consents': READERS,
  'GET /v1/subjects/{subjectId}/timeline': READERS,
  'GET /v1/subjects/{subjectId}/consents/{consentId}/receipt': READERS,
  'GET /v1/disclosures': [...AUDITORS, 'compliance-admin'],
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
  'GET /v1/subjects/{subjectId}/access-report': READERS,
  'GET /health/live': 'public',
  'GET /health/ready': EVERYONE,
  'GET /problems': EVERYONE,
  'GET /problems/{code}': EVERYONE,
};

/** Routes kept out of the OpenAPI document on purpose. */
const UNDOCUMENTED = ['GET /problems', 'GET /problems/{code}'];

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
  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
  });

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
    for (const token of bad) {
      const reply = await call(route, { authorization: `Bearer ${token}` });
      expect(reply.statusCode).toBe(401);
    }
    expect((await call(route, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })).statusCode).toBe(
      401,
    );
    expect((await call(route, { authorization: `Bearer ${await devToken(pem, ['auditor'])}` })).statusCode).toBe(200);
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

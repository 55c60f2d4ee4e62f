import { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { redact } from '../../apps/ledger/src/observability/redaction';
import { key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { exited, freePort, startBuiltService } from '../support/service-process';
import { devKeyOf, devToken } from '../support/tokens';

describe('hardening', () => {
  describe('headers and caching', () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await startLedger();
    });
    afterAll(async () => {
      await ledger.close();
      removeDir(ledger.dir);
    });

    it('sends secure headers, and never lets an answer about a person be cached', async () => {
      const catalogue = await ledger.request('GET', '/v1/catalogue');
      expect(catalogue.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cache-control': 'public, max-age=300',
      });
      expect(String(catalogue.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      const person = await ledger.request(
        'GET',
        `/v1/subjects/${'0'.repeat(32)}/check?purpose=advertising&dataCategories=iin`,
      );
      expect(person.headers['cache-control']).toBe('no-store');
      const problem = await ledger.request('GET', '/v1/nowhere');
      expect(problem.headers['cache-control']).toBe('no-store');
    });
  });

  it('serves no API documentation without a token where it is turned off, as production does by default', async () => {
    const ledger = await startLedger(undefined, { env: { LEDGER_API_DOCS: 'off' } });
    try {
      expect((await ledger.request('GET', '/docs', undefined, {}, null)).status).toBe(404);
      expect((await ledger.request('GET', '/docs/openapi.json', undefined, {}, null)).status).toBe(404);
    } finally {
      await ledger.close();
      removeDir(ledger.dir);
    }
  });

  describe('rate limits', () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await startLedger(undefined, { env: { LEDGER_RATE_LIMIT_PER_MINUTE: '5' } });
    });
    afterAll(async () => {
      await ledger.close();
      removeDir(ledger.dir);
    });

    it('answers 429 problem+json past a client’s budget, counting each client apart, never limiting liveness', async () => {
      const alice = await ledger.token(['auditor'], 'alice');
      const bob = await ledger.token(['auditor'], 'bob');
      const get = (token: string) =>
        ledger.app.inject({ method: 'GET', url: '/v1/catalogue', headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 5; i++) expect((await get(alice)).statusCode).toBe(200);
      const limited = await get(alice);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await get(bob)).statusCode).toBe(200);
      for (let i = 0; i < 10; i++) {
        expect((await ledger.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      }
    });
  });

  describe('production refuses missing or placeholder secrets', () => {
    const idp = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const good = {
      NODE_ENV: 'production',
      LEDGER_DATA_DIR: join(tmpdir(), 'never-written'),
      LEDGER_PSEUDONYM_KEY: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      LEDGER_MASTER_KEY: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      LEDGER_SIGNING_KEY: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
      LEDGER_AUTH_ISSUER: 'https://idp.acredit.kz/realms/lender',
      LEDGER_AUTH_PUBLIC_KEY: idp,
    };

    it('starts with every secret set', () => {
      expect(loadConfig(good).production).toBe(true);
    });

    it.each([
      'LEDGER_PSEUDONYM_KEY',
      'LEDGER_MASTER_KEY',
      'LEDGER_SIGNING_KEY',
      'LEDGER_AUTH_ISSUER',
      'LEDGER_AUTH_PUBLIC_KEY',
    ])('refuses to start without %s', (name) => {
      const env: Record<string, string> = { ...good };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
    });

    it.each([
      ['LEDGER_PSEUDONYM_KEY', '00'.repeat(32)],
      ['LEDGER_MASTER_KEY', 'ab'.repeat(32)],
      ['LEDGER_SIGNING_KEY', '0123456789abcdef'.repeat(4)],
      ['LEDGER_AUTH_ISSUER', 'consent-ledger-development'],
    ])('refuses a placeholder or development value in %s', (name, value) => {
      expect(() => loadConfig({ ...good, [name]: value })).toThrow(ConfigError);
    });
  });

  describe('logs', () => {
    it('redacts identifiers, tokens and keys from anything logged', () => {
      const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
      const line = `failed for 900101300017 (+77015550123, zhanar@example.kz) with Bearer ${token} key ${'ab'.repeat(32)}`;
      const out = redact(line);
      for (const secret of ['900101300017', '+77015550123', 'zhanar@example.kz', token, 'ab'.repeat(32)])
        expect(out).not.toContain(secret);
      expect(out).toContain('failed for');
    });

    let child: ChildProcess | undefined;
    let dir: string;
    afterAll(async () => {
      child?.kill('SIGKILL');
      if (child) await exited(child);
      removeDir(dir);
    });

    it('writes no identifier, stated reason or token to the service’s output, whatever the requests', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
      const port = await freePort();
      let output = '';
      child = await startBuiltService(dir, port, {}, (chunk) => (output += chunk));
      const base = `http://127.0.0.1:${port}`;
      const core = await devToken(devKeyOf(dir), ['lending-core']);
      const admin = await devToken(devKeyOf(dir), ['compliance-admin']);
      const support = await devToken(devKeyOf(dir), ['support']);
      const iin = newIin();
      const name = 'Айгерим Журналова';
      const now = new Date().toISOString();
      const send = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(base + path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': key(),
            ...headers,
          },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
      await send('/v1/policies/privacy/versions', admin, {
        version: '1',
        effectiveFrom: now,
        occurredAt: now,
        materialChange: false,
        texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p' } },
      });
      const grant = {
        iin,
        subject: { fullName: name, phone: '+77019998877' },
        purposes: ['microcredit-contract'],
        dataCategories: ['iin'],
        recipients: [],
        crossBorderTransferAllowed: false,
        publicationAllowed: false,
        term: { kind: 'until-purposes-achieved' },
        policyShown: { policyId: 'privacy', version: '1' },
        language: 'kk',
        collectionMethod: 'web-checkbox',
        evidence: [],
        occurredAt: now,
      };
      expect((await send('/v1/consents', core, grant)).status).toBe(201);
      await send('/v1/consents', core, { ...grant, iin: iin.slice(0, 11) + '0' });
      await send('/v1/consents', core, `{"iin": "${iin}", broken`);
      await send('/v1/consents', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged', grant);
      await send('/v1/disclosures', core, {
        iin,
        recipient: 'enpf',
        purpose: 'advertising',
        dataCategories: ['iin'],
        occurredAt: now,
      });
      await fetch(`${base}/v1/subjects/resolve`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${support}`,
          'x-access-reason': encodeURIComponent(`звонок ${name}`),
        },
        body: JSON.stringify({ iin }),
      });
      child.kill('SIGTERM');
      await exited(child);
      child = undefined;
      expect(output.length).toBeGreaterThan(0);
      for (const secret of [iin, name, 'Журналова', '+77019998877', core, support, 'forged']) {
        expect({ secret, inOutput: output.includes(secret) }).toEqual({ secret, inOutput: false });
      }
    }, 60_000);
  });
});

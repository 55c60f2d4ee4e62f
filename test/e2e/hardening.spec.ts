import { ChildProcess } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { redact } from '../../apps/ledger/src/observability/redaction';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { prepareDataFolder } from '../../apps/ledger/src/config/data-folder';
import { Metrics } from '../../apps/ledger/src/metrics/metrics';
import { IIN_ROUTES } from '../../apps/ledger/src/auth/rate-limits';
import { key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import { exited, freePort, startBuiltService } from '../support/service-process';
import { devKeyOf, devToken } from '../support/tokens';
import { disclosureRequest, grantRequest } from '../support/requests';

describe('hardening', () => {
  describe('headers and caching', () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await startLedger();
    });
    afterAll(() => closeAndRemove(ledger));

    it('sends secure headers, and never lets an answer about a person be cached', async () => {
      // What helmet 8 sends by default (the CSP aside, which is the ledger's own), on answers and refusals alike.
      const secure = {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      };
      const catalogue = await ledger.request('GET', '/v1/catalogue');
      expect(catalogue.headers).toMatchObject({ ...secure, 'cache-control': 'public, max-age=300' });
      expect(catalogue.headers['x-powered-by']).toBeUndefined();
      expect(String(catalogue.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      const person = await ledger.request(
        'GET',
        `/v1/subjects/${'0'.repeat(32)}/check?purpose=advertising&dataCategories=iin`,
      );
      expect(person.headers['cache-control']).toBe('no-store');
      const problem = await ledger.request('GET', '/v1/nowhere');
      expect(problem.headers).toMatchObject({ ...secure, 'cache-control': 'no-store' });
      const unauthenticated = await ledger.request('GET', '/v1/catalogue', undefined, {}, null);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers).toMatchObject(secure);
    });

    it('allows inline scripts only on the API documentation, where Swagger UI needs them', async () => {
      for (const url of ['/v1/catalogue', '/health/live', '/v1/nowhere']) {
        const csp = String((await ledger.request('GET', url)).headers['content-security-policy']);
        expect({ url, csp }).toEqual({ url, csp: expect.stringContaining("default-src 'none'") });
        expect(csp).not.toContain('unsafe-inline');
      }
      const docs = await ledger.request('GET', '/docs', undefined, {}, null);
      expect(docs.status).toBe(200);
      expect(String(docs.headers['content-security-policy'])).toMatch(/script-src 'self' 'unsafe-inline'/);
      expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    });

    it('refuses a lone surrogate escaped in JSON, which is no text, with 400 not-unicode and writes nothing', async () => {
      const iin = newIin();
      const grant = grantRequest({
        iin,
        occurredAt: new Date().toISOString(),
        purposes: ['advertising'],
        dataCategories: ['iin'],
        recipients: [],
      });
      const head = await ledger.store.headPosition();
      // The e-mail's validator threw on it (a 500); in free text and in a member's name it would be hashed as no I-JSON.
      for (const [body, field] of [
        [{ ...grant, subject: { email: '\ud800' } }, 'subject.email'],
        [{ ...grant, subject: { fullName: 'Aliya \udc00' } }, 'subject.fullName'],
        [{ ...grant, subject: { 'full\ud83dName': 'Aliya' } }, 'subject'],
      ] as const) {
        const refused = await ledger.command('/v1/consents', key(), body);
        expect({ status: refused.status, errors: refused.body.errors }).toEqual({
          status: 400,
          errors: [expect.objectContaining({ field, code: 'not-unicode' })],
        });
      }
      expect(await ledger.store.headPosition()).toEqual(head);
    });

    it('refuses a body that is not UTF-8 (a name sent in Windows-1251) instead of keeping U+FFFD for good', async () => {
      const grant = grantRequest({
        iin: newIin(),
        occurredAt: new Date().toISOString(),
        purposes: ['advertising'],
        dataCategories: ['iin'],
        recipients: [],
      });
      const [before, after] = JSON.stringify({ ...grant, subject: { fullName: '@@NAME@@' } }).split('@@NAME@@');
      // «Айгерім» as Windows-1251 writes it.
      const name = Buffer.from([0xc0, 0xe9, 0xe3, 0xe5, 0xf0, 0xb3, 0xec]);
      const head = await ledger.store.headPosition();
      const refused = await ledger.app.inject({
        method: 'POST',
        url: '/v1/consents',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key(),
          authorization: `Bearer ${await ledger.token(['lending-core'])}`,
        },
        payload: Buffer.concat([Buffer.from(before), name, Buffer.from(after)]),
      });
      expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
        status: 400,
        code: 'malformed-json',
      });
      expect(await ledger.store.headPosition()).toEqual(head);
    });

    it('refuses a compressed command body with 415, as an import is: it decodes no Content-Encoding', async () => {
      const body = JSON.stringify({ iin: newIin(), loanId: 'MC-GZ-1', occurredAt: ledger.clock.now() });
      const head = await ledger.store.headPosition();
      const send = async (encoding: string, payload: Buffer) =>
        ledger.app.inject({
          method: 'POST',
          url: '/v1/loans/signed',
          headers: {
            'content-type': 'application/json',
            'content-encoding': encoding,
            'idempotency-key': key(),
            authorization: `Bearer ${await ledger.token(['lending-core'])}`,
          },
          payload,
        });
      // Gzipped (was 400 malformed-json), and plain JSON said to be compressed (was written as if it were not).
      for (const [encoding, payload] of [
        ['gzip', gzipSync(body)],
        ['gzip', Buffer.from(body)],
        ['br', Buffer.from(body)],
      ] as const) {
        const refused = await send(encoding, payload);
        expect({ encoding, status: refused.statusCode, code: refused.json().code }).toEqual({
          encoding,
          status: 415,
          code: 'unsupported-media-type',
        });
      }
      expect(await ledger.store.headPosition()).toEqual(head);
      expect((await send('Identity', Buffer.from(body))).statusCode).toBe(201);
    });
  });

  describe('the data folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-folder-'));
    afterAll(() => removeDir(root));

    it('is created 0700, with the key store 0600, when the ledger starts on a new folder', async () => {
      const dir = join(root, 'new', 'data');
      const ledger = await startLedger(undefined, { dir });
      try {
        await ledger.request('POST', '/v1/subjects/resolve', { iin: newIin() });
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        expect(statSync(join(dir, 'keys.sqlite')).mode & 0o777).toBe(0o600);
        expect(statSync(join(dir, 'keys.sqlite-wal')).mode & 0o777).toBe(0o600);
      } finally {
        await ledger.close();
      }
    });

    it('creates the key store 0600 before SQLite opens it, and tightens one left looser', () => {
      const fresh = join(root, 'production-like');
      const keyStoreFile = join(fresh, 'keys.sqlite');
      const config = { dataDir: fresh, readModelFile: join(fresh, 'read-models.sqlite'), keyStoreFile };
      expect(prepareDataFolder(config)).toEqual([]);
      expect(statSync(fresh).mode & 0o777).toBe(0o700);
      expect(statSync(keyStoreFile).mode & 0o777).toBe(0o600);
      chmodSync(keyStoreFile, 0o644);
      prepareDataFolder(config);
      expect(statSync(keyStoreFile).mode & 0o777).toBe(0o600);
      chmodSync(fresh, 0o755);
      expect(prepareDataFolder(config)).toEqual([expect.stringContaining('open to other users')]);
    });
  });

  describe('modes', () => {
    const banner = async (nodeEnv: string) => {
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const ledger = await startLedger(undefined, {
        env: { NODE_ENV: nodeEnv },
        logger: createLogger({ level: 'info', destination }),
      });
      await ledger.close();
      removeDir(ledger.dir);
      return lines.filter((line) => line.includes('DEVELOPMENT MODE'));
    };

    it('prints a banner in development that it is not for real data, and none in test', async () => {
      expect(await banner('development')).toEqual([expect.stringContaining('not for real personal data')]);
      expect(await banner('test')).toEqual([]);
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
      ledger = await startLedger(undefined, {
        env: {
          LEDGER_RATE_LIMIT_PER_MINUTE: '5',
          LEDGER_RATE_LIMIT_IIN_PER_MINUTE: '2',
          LEDGER_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
        },
      });
    });
    afterAll(() => closeAndRemove(ledger));
    const get = (token: string | undefined, remoteAddress = '127.0.0.1', url = '/v1/catalogue') =>
      ledger.app.inject({
        method: 'GET',
        url,
        remoteAddress,
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });

    it('answers 429 problem+json past a principal’s budget, however its tokens are spelt, never limiting the probes', async () => {
      // Two different tokens for the same principal: one budget between them.
      const alice = await devToken(ledger.config.auth.developmentPrivateKeyPem!, ['auditor'], { sub: 'alice' });
      const aliceAgain = await devToken(ledger.config.auth.developmentPrivateKeyPem!, ['auditor'], {
        sub: 'alice',
        ttlSeconds: 1800,
      });
      expect(aliceAgain).not.toBe(alice);
      const bob = await ledger.token(['auditor'], 'bob');
      for (let i = 0; i < 5; i++) expect((await get(i % 2 ? aliceAgain : alice)).statusCode).toBe(200);
      const limited = await get(aliceAgain);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await get(bob)).statusCode).toBe(200);
      for (let i = 0; i < 10; i++) {
        expect((await get(undefined, '127.0.0.1', '/health/live')).statusCode).toBe(200);
        expect((await get(undefined, '127.0.0.1', '/health/probe')).statusCode).toBe(200);
      }
    });

    it('gives the routes that take an IIN a tighter budget of their own', async () => {
      const carol = await ledger.token(['lending-core'], 'carol');
      const resolve = () =>
        ledger.app.inject({
          method: 'POST',
          url: '/v1/subjects/resolve',
          headers: { authorization: `Bearer ${carol}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ iin: newIin() }),
        });
      expect((await resolve()).statusCode).toBe(200);
      expect((await resolve()).statusCode).toBe(200);
      const limited = await resolve();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().detail).toContain('take an IIN');
      expect((await get(carol)).statusCode).toBe(200);
    });

    it('counts requests without a valid token by client address, forged tokens included', async () => {
      const forged = (n: number) => `eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.${'A'.repeat(n + 10)}`;
      for (let i = 0; i < 3; i++) expect((await get(forged(i), '10.0.0.7')).statusCode).toBe(401);
      const limited = await get(undefined, '10.0.0.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('too-many-requests');
      expect((await get(undefined, '10.0.0.8')).statusCode).toBe(401);
    });

    it('keeps the tighter budget on exactly the routes whose body takes an IIN', async () => {
      const dora = await ledger.token(['auditor'], 'dora');
      const openapi = (await get(dora, '127.0.0.1', '/docs/openapi.json')).json();
      const schemas = openapi.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
      const takesIin = Object.entries(openapi.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => {
            const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
            return ref !== undefined && 'iin' in (schemas[ref.split('/').pop()!].properties ?? {});
          })
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(takesIin.length).toBeGreaterThan(5);
      expect([...IIN_ROUTES].sort()).toEqual(takesIin.sort());
    });

    it('counts refusals by budget in the metrics', async () => {
      const metrics = await ledger.app
        .get(Metrics)
        .registry.getSingleMetricAsString('ledger_rate_limit_refusals_total');
      expect(metrics).toMatch(/ledger_rate_limit_refusals_total\{budget="principal"\} [1-9]/);
      expect(metrics).toMatch(/ledger_rate_limit_refusals_total\{budget="iin"\} [1-9]/);
      expect(metrics).toMatch(/ledger_rate_limit_refusals_total\{budget="anonymous"\} [1-9]/);
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
      LEDGER_OPERATOR_BIN: '180940012345',
    };

    it('starts with every secret set', () => {
      expect(loadConfig(good).production).toBe(true);
    });

    it("refuses to start without the operator's BIN, which every receipt states (Law 94-V Art. 8(4)(1))", () => {
      const { LEDGER_OPERATOR_BIN: _bin, ...withoutBin } = good;
      expect(() => loadConfig(withoutBin)).toThrow(/LEDGER_OPERATOR_BIN/);
      expect(() => loadConfig({ ...good, LEDGER_OPERATOR_BIN: ' ' })).toThrow(/LEDGER_OPERATOR_BIN/);
      // A developer's machine has none to give.
      expect(loadConfig({ ...withoutBin, NODE_ENV: 'development' }).operator.bin).toBeUndefined();
    });

    it.each(['Production', 'prod', 'staging', ''])('applies production rules to NODE_ENV=%p', (nodeEnv) => {
      expect(loadConfig({ ...good, NODE_ENV: nodeEnv }).mode).toBe('production');
      expect(() => loadConfig({ NODE_ENV: nodeEnv, LEDGER_DATA_DIR: good.LEDGER_DATA_DIR })).toThrow(ConfigError);
    });

    it('applies production rules when NODE_ENV is not set at all, as in a bare container', () => {
      const { NODE_ENV: _unset, ...rest } = good;
      expect(loadConfig(rest).production).toBe(true);
      expect(() => loadConfig({ LEDGER_DATA_DIR: good.LEDGER_DATA_DIR })).toThrow(/LEDGER_PSEUDONYM_KEY/);
    });

    it('relaxes them only for NODE_ENV=development and test', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
      try {
        expect(loadConfig({ NODE_ENV: 'development', LEDGER_DATA_DIR: dir }).mode).toBe('development');
        expect(loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir }).production).toBe(false);
      } finally {
        removeDir(dir);
      }
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

    const counting = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex');
    const passphrase = Buffer.from('our ledger secret, do not share!').toString('base64');
    it.each(
      ['LEDGER_PSEUDONYM_KEY', 'LEDGER_MASTER_KEY', 'LEDGER_SIGNING_KEY'].flatMap((name) => [
        [name, 'a counting sequence', counting],
        [name, 'a passphrase', passphrase],
      ]),
    )('refuses %s holding %s', (name, _what, value) => {
      expect(() => loadConfig({ ...good, [name]: value })).toThrow(/looks like a placeholder/);
    });

    it.each([
      ['LEDGER_PSEUDONYM_KEY', 'LEDGER_MASTER_KEY'],
      ['LEDGER_MASTER_KEY', 'LEDGER_SIGNING_KEY'],
      ['LEDGER_PSEUDONYM_KEY', 'LEDGER_SIGNING_KEY'],
    ])('refuses %s and %s holding the same key', (a, b) => {
      const same = randomBytes(32).toString('hex');
      expect(() => loadConfig({ ...good, [a]: same, [b]: same })).toThrow(/hold the same key/);
    });

    it('checks a signing key read from LEDGER_SIGNING_KEY_FILE like one given inline', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-signing-'));
      try {
        const { LEDGER_SIGNING_KEY: _inline, ...rest } = good;
        const file = join(dir, 'signing.key');
        writeFileSync(file, counting, { mode: 0o600 });
        expect(() => loadConfig({ ...rest, LEDGER_SIGNING_KEY_FILE: file })).toThrow(
          /LEDGER_SIGNING_KEY_FILE looks like/,
        );
        writeFileSync(file, good.LEDGER_MASTER_KEY);
        expect(() => loadConfig({ ...rest, LEDGER_SIGNING_KEY_FILE: file })).toThrow(/hold the same key/);
        writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
        expect(loadConfig({ ...rest, LEDGER_SIGNING_KEY_FILE: file }).warnings).toEqual([]);
        chmodSync(file, 0o644);
        expect(loadConfig({ ...rest, LEDGER_SIGNING_KEY_FILE: file }).warnings).toEqual([
          expect.stringContaining('can be read by other users'),
        ]);
      } finally {
        removeDir(dir);
      }
    });

    it('refuses the development keys a data folder holds, copied into the production settings', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-dev-keys-'));
      try {
        expect(loadConfig({ ...good, LEDGER_DATA_DIR: join(dir, 'fresh') }).production).toBe(true);
        loadConfig({ NODE_ENV: 'development', LEDGER_DATA_DIR: dir });
        const here = { ...good, LEDGER_DATA_DIR: dir };
        expect(loadConfig(here).production).toBe(true);
        const master = readFileSync(join(dir, 'dev-master-key'), 'utf8');
        expect(() => loadConfig({ ...here, LEDGER_MASTER_KEY: master })).toThrow(
          /LEDGER_MASTER_KEY is the development key/,
        );
        const { LEDGER_SIGNING_KEY: _inline, ...rest } = here;
        const signing = join(dir, 'dev-signing-key.pem');
        expect(() => loadConfig({ ...rest, LEDGER_SIGNING_KEY_FILE: signing })).toThrow(
          /LEDGER_SIGNING_KEY_FILE is the development key/,
        );
        const tokens = createPublicKey(readFileSync(join(dir, 'dev-auth-key.pem'), 'utf8'));
        const pem = tokens.export({ type: 'spki', format: 'pem' }).toString();
        expect(() => loadConfig({ ...here, LEDGER_AUTH_PUBLIC_KEY: `${good.LEDGER_AUTH_PUBLIC_KEY}\n${pem}` })).toThrow(
          /the development token key/,
        );
        const jwks = join(dir, 'jwks.json');
        writeFileSync(jwks, JSON.stringify({ keys: [tokens.export({ format: 'jwk' })] }));
        const { LEDGER_AUTH_PUBLIC_KEY: _pem, ...jwksRest } = here;
        expect(() => loadConfig({ ...jwksRest, LEDGER_AUTH_JWKS_FILE: jwks })).toThrow(/the development token key/);
      } finally {
        removeDir(dir);
      }
    });

    it.each([
      ['text that is no key', 'not a key at all'],
      ['a PEM block that does not parse', '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----'],
    ])('refuses to start when the identity provider’s key is %s', (_what, value) => {
      expect(() => loadConfig({ ...good, LEDGER_AUTH_PUBLIC_KEY: value })).toThrow(ConfigError);
      expect(() =>
        loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: good.LEDGER_DATA_DIR, LEDGER_AUTH_PUBLIC_KEY: value }),
      ).toThrow(ConfigError);
    });

    it.each([
      ['not JSON', '{"keys": ['],
      ['no keys', '{"keys": []}'],
      ['a key that does not parse', '{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "short"}]}'],
    ])('refuses to start when the JWKS file holds %s', (_what, text) => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-jwks-'));
      try {
        const file = join(dir, 'jwks.json');
        writeFileSync(file, text);
        const { LEDGER_AUTH_PUBLIC_KEY: _pem, ...rest } = good;
        expect(() => loadConfig({ ...rest, LEDGER_AUTH_JWKS_FILE: file })).toThrow(ConfigError);
      } finally {
        removeDir(dir);
      }
    });

    it('fetches the provider’s keys over https only', () => {
      const { LEDGER_AUTH_PUBLIC_KEY: _pem, ...rest } = good;
      expect(loadConfig({ ...rest, LEDGER_AUTH_JWKS_URL: 'https://idp.acredit.kz/certs' }).auth.keys.kind).toBe(
        'jwks-url',
      );
      expect(() => loadConfig({ ...rest, LEDGER_AUTH_JWKS_URL: 'http://idp.acredit.kz/certs' })).toThrow(/https/);
      expect(() => loadConfig({ ...good, LEDGER_AUTH_JWKS_URL: 'https://idp.acredit.kz/certs' })).toThrow(
        /only one of/,
      );
    });

    it.each([
      ['LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS', 'soon'],
      ['LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS', '-5'],
      ['LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS', '86400'],
      ['LEDGER_AUTH_MAX_TOKEN_LIFETIME_SECONDS', '0'],
      ['LEDGER_AUTH_MAX_TOKEN_LIFETIME_SECONDS', '1h'],
    ])('refuses %s=%p', (name, value) => {
      expect(() => loadConfig({ ...good, [name]: value })).toThrow(new RegExp(name));
    });

    it.each(['LEDGER_API_DOCS', 'LEDGER_PROJECTIONS', 'LEDGER_WEBHOOKS'])(
      'reads %s as on or off however it is spelt, and refuses what is neither',
      (name) => {
        const field = { LEDGER_PROJECTIONS: 'projections', LEDGER_API_DOCS: 'apiDocs' }[name as string];
        const read = (value: string) => {
          const config = loadConfig({ ...good, [name]: value });
          return field ? (config as any)[field] : config.webhooks.enabled;
        };
        for (const value of ['on', 'ON', 'true', 'Yes', '1']) expect([value, read(value)]).toEqual([value, true]);
        for (const value of ['off', 'Off', 'false', 'NO', '0']) expect([value, read(value)]).toEqual([value, false]);
        for (const value of ['enabled', 'disable', '2']) {
          expect(() => read(value)).toThrow(new RegExp(`${name} must be on or off`));
        }
      },
    );

    it('refuses an EventStoreDB connection string of another scheme at start, naming the variable', () => {
      for (const bad of ['notaurl', 'http://esdb:2113'])
        expect(() => loadConfig({ ...good, LEDGER_EVENTSTORE_URL: bad })).toThrow(
          /LEDGER_EVENTSTORE_URL must be an esdb:\/\/… or esdb\+discover:\/\/… connection string/,
        );
      const cluster = 'esdb://a:2113,b:2113,c:2113?tls=false';
      expect(loadConfig({ ...good, LEDGER_EVENTSTORE_URL: cluster }).eventStore).toEqual({
        kind: 'esdb',
        connectionString: cluster,
      });
    });

    it('takes PORT, as most platforms set it, when LEDGER_PORT is not set', () => {
      expect(loadConfig({ ...good, PORT: '8080' }).port).toBe(8080);
      expect(loadConfig({ ...good, PORT: '8080', LEDGER_PORT: '3001' }).port).toBe(3001);
      expect(loadConfig(good).port).toBe(3000);
      expect(() => loadConfig({ ...good, PORT: 'http' })).toThrow(/PORT/);
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
      const grant = grantRequest({
        iin,
        subject: { fullName: name, phone: '+77019998877' },
        purposes: ['microcredit-contract'],
        dataCategories: ['iin'],
        recipients: [],
        occurredAt: now,
      });
      expect((await send('/v1/consents', core, grant)).status).toBe(201);
      await send('/v1/consents', core, { ...grant, iin: iin.slice(0, 11) + '0' });
      await send('/v1/consents', core, `{"iin": "${iin}", broken`);
      await send('/v1/consents', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged', grant);
      await send(
        '/v1/disclosures',
        core,
        disclosureRequest({
          iin,
          recipient: 'enpf',
          purpose: 'advertising',
          dataCategories: ['iin'],
          occurredAt: now,
        }),
      );
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

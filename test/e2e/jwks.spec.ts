import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { SqliteEventStore } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { removeDir } from '../support/ledger-harness';

const ISSUER = 'https://idp.acredit.kz/realms/lender';

/** An identity provider's key: a kid, a private half to sign with, a public JWK to publish. */
function providerKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'EdDSA' } };
}

function sign(key: { kid: string; privateKey: KeyObject }, sub: string): Promise<string> {
  return new SignJWT({ roles: ['auditor'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience('consent-ledger')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);
}

/**
 * The identity provider's keys fetched from its JWKS URL — a real HTTP server on loopback that
 * serves a key set, then rotates it — cached, and following the rotation.
 */
describe('identity provider keys from a JWKS URL', () => {
  const first = providerKey('2025-a');
  const second = providerKey('2025-b');
  let served: { keys: object[] } | 'failing' = { keys: [first.jwk] };
  let fetches = 0;
  let server: Server;
  let app: NestFastifyApplication;
  let dir: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      fetches += 1;
      if (served === 'failing') return void response.writeHead(500).end('down');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'ledger-jwks-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LEDGER_DATA_DIR: dir,
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      LEDGER_AUTH_ISSUER: ISSUER,
      LEDGER_AUTH_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/lender/certs`,
      LEDGER_AUTH_JWKS_CACHE_SECONDS: '1',
      LEDGER_AUTH_JWKS_COOLDOWN_SECONDS: '0',
    });
    app = await createLedgerApp(
      config,
      { store: new SqliteEventStore({ file: join(dir, 'events.sqlite') }) },
      {
        logger: false,
      },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => server.close(resolve));
    removeDir(dir);
  });

  const ask = async (token: string) => {
    const reply = await app.inject({
      method: 'GET',
      url: '/v1/catalogue',
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: reply.statusCode, code: reply.statusCode === 200 ? undefined : reply.json().code };
  };

  it('fetches the key set once and keeps it while it is fresh', async () => {
    expect(await ask(await sign(first, 'alice'))).toEqual({ status: 200 });
    expect(await ask(await sign(first, 'bob'))).toEqual({ status: 200 });
    expect(fetches).toBe(1);
  });

  it('follows a rotation: a token naming a new key fetches the set again; the retired key stops working', async () => {
    const cachedBeforeRotation = await sign(first, 'carol');
    expect(await ask(cachedBeforeRotation)).toEqual({ status: 200 });
    served = { keys: [second.jwk] };
    const before = fetches;
    expect(await ask(await sign(second, 'carol'))).toEqual({ status: 200 });
    expect(fetches).toBe(before + 1);
    expect(await ask(await sign(first, 'dave'))).toEqual({ status: 401, code: 'unauthenticated' });
    // A token verified under the old key is honoured no longer than the key set would have been.
    await sleep(1100);
    expect(await ask(cachedBeforeRotation)).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('answers 503 when the provider’s keys cannot be fetched, not 401', async () => {
    served = 'failing';
    await sleep(1100);
    const reply = await app.inject({
      method: 'GET',
      url: '/v1/catalogue',
      headers: { authorization: `Bearer ${await sign(second, 'erin')}` },
    });
    expect(reply.statusCode).toBe(503);
    expect(reply.json().code).toBe('identity-provider-unavailable');
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    served = { keys: [second.jwk] };
    expect(await ask(await sign(second, 'erin'))).toEqual({ status: 200 });
  });
});

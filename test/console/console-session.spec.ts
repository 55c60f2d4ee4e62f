import { consoleFrom } from '../../apps/ledger/src/console/console-config';
import { Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { freePort } from '../support/service-process';

/** The console's session in-process: the development sign-in, and the cookie standing for a role on the API. */
describe('console sessions', () => {
  it('never offers the development sign-in in production, and refuses to start when asked to', () => {
    expect(consoleFrom({}, true, '127.0.0.1', 3000).localSignIn).toBe(false);
    expect(consoleFrom({}, false, '127.0.0.1', 3000).localSignIn).toBe(true);
    expect(() => consoleFrom({ LEDGER_CONSOLE_LOCAL_SIGN_IN: 'on' }, true, '127.0.0.1', 3000)).toThrow(
      /cannot be on in production/,
    );
    expect(() => consoleFrom({ LEDGER_CONSOLE_OIDC_ISSUER: 'http://idp.example' }, true, '127.0.0.1', 3000)).toThrow(
      /https in production/,
    );
  });

  it('refuses at start an OpenID issuer that is no URL, rather than failing at the first sign-in', () => {
    expect(() => consoleFrom({ LEDGER_CONSOLE_OIDC_ISSUER: 'idp.example' }, false, '127.0.0.1', 3000)).toThrow(
      /LEDGER_CONSOLE_OIDC_ISSUER must be an http\(s\) URL/,
    );
    expect(
      consoleFrom({ LEDGER_CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:9/realm' }, false, '127.0.0.1', 3000).oidc,
    ).toMatchObject({
      issuer: 'http://127.0.0.1:9/realm',
    });
  });

  it('answers 503 identity-provider-unavailable with Retry-After, not 500, when the provider cannot be reached at sign-in', async () => {
    const ledger = await startLedger(undefined, {
      env: { LEDGER_CONSOLE_OIDC_ISSUER: `http://127.0.0.1:${await freePort()}/realm` },
    });
    try {
      const reply = await ledger.request('GET', '/console/auth/sign-in', undefined, {}, null);
      expect(reply.status).toBe(503);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.headers['retry-after']).toBeDefined();
      expect(reply.body).toMatchObject({ code: 'identity-provider-unavailable' });
    } finally {
      await closeAndRemove(ledger);
    }
  });

  describe('with the development sign-in off', () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await startLedger(undefined, { env: { LEDGER_CONSOLE_LOCAL_SIGN_IN: 'off' } });
    });
    afterAll(() => closeAndRemove(ledger));
    it('refuses it', async () => {
      const reply = await ledger.request('POST', '/console/auth/local', { role: 'auditor' }, {}, null);
      expect([reply.status, reply.body.code]).toEqual([403, 'local-sign-in-off']);
    });
  });

  describe('with it on', () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await startLedger();
    });
    afterAll(() => closeAndRemove(ledger));

    it('gives an HttpOnly SameSite=Strict cookie that acts as the role, with a CSRF token for changes', async () => {
      const signIn = await ledger.request('POST', '/console/auth/local', { role: 'support' }, {}, null);
      expect(signIn.status).toBe(204);
      const setCookie = String(signIn.headers['set-cookie']);
      expect(setCookie).toMatch(/^ledger_session=[\w-]+;.*HttpOnly; SameSite=Strict/);
      const cookie = setCookie.split(';')[0];
      const session = await ledger.request('GET', '/console/api/session', undefined, { cookie }, null);
      expect(session.body).toMatchObject({ signedIn: true, roles: ['support'], sub: 'local-support' });
      const ask = (headers: Record<string, string>) =>
        ledger.request(
          'POST',
          '/v1/subjects/resolve',
          { iin: newIin() },
          { cookie, 'x-access-reason': 'ticket 7', ...headers },
          null,
        );
      expect((await ask({})).body.code).toBe('csrf-token-invalid');
      expect((await ask({ 'x-csrf-token': 'guessed' })).status).toBe(403);
      const allowed = await ask({ 'x-csrf-token': session.body.csrfToken });
      expect([allowed.status, allowed.body.known]).toEqual([200, false]);
      // Support, as the cookie says: the auditors' routes stay closed.
      const reports = await ledger.request('GET', '/v1/reports/refused-disclosures', undefined, { cookie }, null);
      expect([reports.status, reports.body.code]).toEqual([403, 'forbidden']);
      const signOut = await ledger.request(
        'POST',
        '/console/auth/sign-out',
        undefined,
        {
          cookie,
          'x-csrf-token': session.body.csrfToken,
        },
        null,
      );
      expect(signOut.status).toBe(204);
      expect((await ledger.request('GET', '/console/api/session', undefined, { cookie }, null)).body.signedIn).toBe(
        false,
      );
    });
  });
});

// A real OpenID Connect provider (oidc-provider) for the console's tests, on loopback only.
// Its development login form takes any password; the login name picks the roles: a name starting
// with "auditor" gets auditor, any other support. Usage: node oidc-provider.mjs <port> <redirect_uri>
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'consent-ledger-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'roles'] },
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, name: id, roles: [id.startsWith('auditor') ? 'auditor' : 'support'] }),
  }),
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['console-test-only'] },
});
provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});

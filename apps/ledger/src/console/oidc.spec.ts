import { ACTOR_IS_IIN } from '../auth/token-verifier';
import { ConsoleOidc } from './oidc';

/** The provider's answer as openid-client hands it over, for a subject of the test's choosing. */
function answering(sub: string): ConsoleOidc {
  const oidc = new ConsoleOidc(
    { issuer: 'https://idp.example/realms/lender', clientId: 'console' } as ConstructorParameters<typeof ConsoleOidc>[0],
    'https://ledger.example/console/auth/callback',
    'roles',
  );
  const lib = {
    authorizationCodeGrant: () =>
      Promise.resolve({
        access_token: 'at',
        claims: () => ({ iss: 'https://idp.example/realms/lender', sub, roles: ['support'] }),
      }),
    fetchUserInfo: () => Promise.resolve({}),
  };
  Object.assign(oidc, { client: Promise.resolve({ lib, configuration: {} }) });
  return oidc;
}

describe('console sign-in', () => {
  const expected = { state: 's', nonce: 'n', codeVerifier: 'v' };
  const callback = new URL('https://ledger.example/console/auth/callback?code=c&state=s');

  it('signs in a member of staff the provider names by a staff id', async () => {
    expect(await answering('support-aliya').finish(callback, expected)).toEqual({
      issuer: 'https://idp.example/realms/lender',
      sub: 'support-aliya',
      roles: ['support'],
    });
  });

  it('refuses a subject that is an IIN, which every look would write into the permanent log', async () => {
    await expect(answering('880315300252').finish(callback, expected)).rejects.toThrow(ACTOR_IS_IIN);
  });
});

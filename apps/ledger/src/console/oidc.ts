import type * as OpenIdClient from 'openid-client';
import { containsIin } from '@ledger/consent-domain';
import { ACTOR_IS_IIN, rolesOf } from '../auth/token-verifier';
import { Role } from '../auth/roles';
import { ConsoleConfig } from './console-config';

type Client = typeof OpenIdClient;

/** What a finished sign-in tells about the member of staff. */
export interface SignedIn {
  readonly issuer: string;
  readonly sub: string;
  readonly roles: readonly Role[];
}

/**
 * The ledger as the provider's OpenID Connect client (authorization code with PKCE, S256).
 * openid-client is an ES module: it is loaded only when a provider is configured, on first use.
 */
export class ConsoleOidc {
  private client?: Promise<{ lib: Client; configuration: OpenIdClient.Configuration }>;

  constructor(
    private readonly settings: NonNullable<ConsoleConfig['oidc']>,
    private readonly redirectUri: string,
    private readonly rolesClaim: string,
  ) {}

  private connect() {
    this.client ??= (async () => {
      const lib = (await import('openid-client')) as Client;
      const issuer = new URL(this.settings.issuer);
      // Plain http only to a provider on this machine (development and tests); production requires https.
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const configuration = await lib.discovery(
        issuer,
        this.settings.clientId,
        this.settings.clientSecret,
        this.settings.clientSecret ? undefined : lib.None(),
        issuer.protocol === 'http:' && loopback ? { execute: [lib.allowInsecureRequests] } : undefined,
      );
      return { lib, configuration };
    })().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  /** Where to send the browser, and what the callback must find again. */
  async start(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const { lib, configuration } = await this.connect();
    const codeVerifier = lib.randomPKCECodeVerifier();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const url = lib.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code; roles come from the ID token's claims and the userinfo answer, as for bearer tokens. */
  async finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedIn> {
    const { lib, configuration } = await this.connect();
    const tokens = await lib.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    if (containsIin(claims.sub)) throw new Error(ACTOR_IS_IIN);
    let info: Record<string, unknown> = {};
    try {
      info = await lib.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    } catch {
      /* a provider without userinfo: the ID token's claims are all there is */
    }
    const roles = [...new Set([...rolesOf(claims, this.rolesClaim), ...rolesOf(info, this.rolesClaim)])];
    return { issuer: claims.iss, sub: claims.sub, roles };
  }
}

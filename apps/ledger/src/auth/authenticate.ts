import { FastifyRequest } from 'fastify';
import { KeysUnavailable, TokenRefused, TokenVerifier, VerifiedToken } from './token-verifier';

/** Who sent a request, as far as its bearer token shows, before any route or limit looks at it. */
export type Identity =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'verified'; readonly token: VerifiedToken }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'keys-unavailable' };

export type IdentifiedRequest = FastifyRequest & { identity?: Identity };

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Verifies the bearer token, if any. It runs as the first onRequest hook, so that the rate limits
 * that follow count a verified principal (issuer + subject), not whatever Authorization header a
 * client chooses to send; a refused token counts as no token. The AuthGuard then checks roles.
 */
export async function authenticate(verifier: TokenVerifier, request: FastifyRequest): Promise<Identity> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return { kind: 'anonymous' };
  const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (!token) return { kind: 'refused', detail: 'send a bearer token from the lender’s identity provider' };
  try {
    return { kind: 'verified', token: await verifier.verify(token) };
  } catch (error) {
    if (error instanceof KeysUnavailable) {
      request.log.error({ problem: 'identity-provider-unavailable' }, error.message);
      return { kind: 'keys-unavailable' };
    }
    if (error instanceof TokenRefused)
      return { kind: 'refused', detail: `the bearer token is not valid: ${error.message}` };
    throw error;
  }
}

/** The identity the onRequest hook found, or found now (for an app built without the hook). */
export async function identityOf(verifier: TokenVerifier, request: IdentifiedRequest): Promise<Identity> {
  request.identity ??= await authenticate(verifier, request);
  return request.identity;
}

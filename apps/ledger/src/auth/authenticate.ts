import { fastifyCookie } from '@fastify/cookie';
import { FastifyRequest } from 'fastify';
import { ConsoleSessions, SESSION_COOKIE } from '../console/sessions';
import { KeysUnavailable, TokenRefused, TokenVerifier, VerifiedToken } from './token-verifier';

/** Who sent a request, as far as its bearer token shows, before any route or limit looks at it. */
export type Identity =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'verified'; readonly token: VerifiedToken }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'keys-unavailable' }
  /** A console session's state-changing request without its CSRF token. */
  | { readonly kind: 'csrf-refused' };

export type IdentifiedRequest = FastifyRequest & { identity?: Identity };

/** The scheme's name is case-insensitive (RFC 7235 §2.1); the token is a compact JWS. */
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Verifies the bearer token, if any. It runs as the first onRequest hook, so that the rate limits
 * that follow count a verified principal (issuer + subject), not whatever Authorization header a
 * client chooses to send; a refused token counts as no token. The AuthGuard then checks roles.
 * The identity comes at once where no token must be checked (no token, another scheme, a malformed
 * one, a console session, a token verified before and still remembered: most requests), else as a
 * promise: an async hook would cost every request a promise and a turn of the microtask queue.
 */
export function authenticate(
  verifier: TokenVerifier,
  request: FastifyRequest,
  sessions?: ConsoleSessions,
): Identity | Promise<Identity> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return sessions ? fromSession(sessions, request) : { kind: 'anonymous' };
  // Another scheme (Basic…) sent no token to refuse: its 401 names no error (RFC 6750 §3.1).
  if (typeof header !== 'string' || !/^Bearer(\s|$)/i.test(header)) return { kind: 'anonymous' };
  const token = BEARER.exec(header)?.[1];
  if (!token) return { kind: 'refused', detail: 'send a bearer token from the lender’s identity provider' };
  const remembered = verifier.remembered(token);
  return remembered ? { kind: 'verified', token: remembered } : verified(verifier, token, request);
}

async function verified(verifier: TokenVerifier, token: string, request: FastifyRequest): Promise<Identity> {
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The console's browser sends no token: its HttpOnly session cookie stands for the roles the
 * provider gave at sign-in. A request that changes anything must also carry the session's CSRF
 * token, which only a page of the ledger's own origin can have read.
 */
function fromSession(sessions: ConsoleSessions, request: FastifyRequest): Identity {
  const cookie = request.headers.cookie;
  if (!cookie) return { kind: 'anonymous' };
  const session = sessions.find(safeParse(cookie)[SESSION_COOKIE]);
  if (!session) return { kind: 'anonymous' };
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers['x-csrf-token'];
    if (!sessions.csrfMatches(session, typeof given === 'string' ? given : undefined)) return { kind: 'csrf-refused' };
  }
  return {
    kind: 'verified',
    token: { issuer: session.issuer, sub: session.sub, roles: session.roles, expiresAt: session.expiresAt },
  };
}

export function sessionCookie(request: FastifyRequest): string | undefined {
  const cookie = request.headers.cookie;
  return cookie ? safeParse(cookie)[SESSION_COOKIE] : undefined;
}

function safeParse(header: string): Record<string, string | undefined> {
  try {
    return fastifyCookie.parse(header);
  } catch {
    return {};
  }
}

/** The identity the onRequest hook found, or found now (for an app built without the hook). */
export async function identityOf(verifier: TokenVerifier, request: IdentifiedRequest): Promise<Identity> {
  request.identity ??= await authenticate(verifier, request);
  return request.identity;
}

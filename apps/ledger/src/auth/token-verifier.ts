import { hash, KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  JSONWebKeySet,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
  JWTVerifyOptions,
} from 'jose';
import { containsIin } from '@ledger/consent-domain';
import { AuthConfig } from './auth-config';
import { Role, ROLES } from './roles';

const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256'];
/** Verified tokens kept; past this the least recently used goes. */
const DEFAULT_CACHE_SIZE = 10_000;

/** What a verified token says about its bearer. */
export interface VerifiedToken {
  readonly issuer: string;
  readonly sub: string;
  readonly roles: readonly Role[];
  /** When the token expires (ms since the epoch). */
  readonly expiresAt: number;
}

/** The token is not acceptable; the message says which check failed (it never repeats the token). */
export class TokenRefused extends Error {}

/** The identity provider's key set could not be fetched: no token can be checked until it can. */
export class KeysUnavailable extends Error {}

export type VerificationOutcome = 'verified' | 'cached' | 'refused';

export interface VerifierOptions {
  readonly now?: () => number;
  readonly cacheSize?: number;
  readonly onOutcome?: (outcome: VerificationOutcome) => void;
}

/**
 * Checks bearer tokens: signature against the provider's keys, issuer, audience, a required `exp`,
 * a lifetime no longer than allowed, no `iat` in the future. A token that passed is remembered
 * (by a hash of it, never the token) until it expires — or until the provider's key set would be
 * fetched again, so a key withdrawn by the provider stops being honoured as soon as it would
 * without the cache.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { readonly token: VerifiedToken; readonly until: number }>();
  private readonly getKey: KeyObject[] | JWTVerifyGetKey;
  private readonly now: () => number;
  private readonly cacheSize: number;
  private readonly cacheAgeMs: number;

  constructor(
    private readonly auth: AuthConfig,
    private readonly options: VerifierOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    const keys = auth.keys;
    this.cacheAgeMs = keys.kind === 'jwks-url' ? keys.cacheMaxAgeMs : Number.POSITIVE_INFINITY;
    this.getKey =
      keys.kind === 'pem'
        ? [...keys.keys]
        : keys.kind === 'jwks'
          ? createLocalJWKSet(keys.jwks as JSONWebKeySet)
          : createRemoteJWKSet(keys.url, { cacheMaxAge: keys.cacheMaxAgeMs, cooldownDuration: keys.cooldownMs });
  }

  async verify(token: string): Promise<VerifiedToken> {
    return this.remembered(token) ?? this.verifyNow(token);
  }

  /**
   * The token as verified before and still remembered (counted as a `cached` outcome), or undefined:
   * then `verify` must check it. Synchronous, so that a request whose token was seen before is
   * identified without a promise.
   */
  remembered(token: string): VerifiedToken | undefined {
    const digest = digestOf(token);
    const cached = this.cache.get(digest);
    if (!cached || !(cached.until > this.now())) return undefined;
    this.cache.delete(digest);
    this.cache.set(digest, cached);
    this.options.onOutcome?.('cached');
    return cached.token;
  }

  private async verifyNow(token: string): Promise<VerifiedToken> {
    const digest = digestOf(token);
    const now = this.now();
    // Not remembered, or no longer good: checked again.
    this.cache.delete(digest);
    let verified: VerifiedToken;
    try {
      verified = this.check(await this.signed(token, now), now);
    } catch (error) {
      if (!(error instanceof KeysUnavailable)) this.options.onOutcome?.('refused');
      throw error;
    }
    this.options.onOutcome?.('verified');
    this.remember(digest, verified, Math.min(verified.expiresAt, now + this.cacheAgeMs));
    return verified;
  }

  private async signed(token: string, now: number): Promise<JWTPayload> {
    const options: JWTVerifyOptions = {
      issuer: this.auth.issuer,
      audience: this.auth.audience,
      clockTolerance: this.auth.clockToleranceSeconds,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      currentDate: new Date(now),
    };
    try {
      if (typeof this.getKey === 'function') return (await jwtVerify(token, this.getKey, options)).payload;
      let last: unknown;
      for (const key of this.getKey) {
        try {
          return (await jwtVerify(token, key, options)).payload;
        } catch (error) {
          last = error;
        }
      }
      throw last;
    } catch (error) {
      throw refusalOf(error, this.auth.keys.kind === 'jwks-url');
    }
  }

  /** The checks jose leaves to the caller: how long the token lives, and when it says it was made. */
  private check(payload: JWTPayload, now: number): VerifiedToken {
    const nowSeconds = now / 1000;
    const tolerance = this.auth.clockToleranceSeconds;
    const exp = payload.exp!;
    if (payload.iat !== undefined && payload.iat > nowSeconds + tolerance)
      throw new TokenRefused('the token says it was issued in the future');
    // Without iat the lifetime left is counted from now, as README says: no tolerance is granted on it.
    const lifetime = payload.iat !== undefined ? exp - payload.iat : exp - nowSeconds;
    if (lifetime > this.auth.maxTokenLifetimeSeconds) {
      throw new TokenRefused(`the token lives longer than ${this.auth.maxTokenLifetimeSeconds} s`);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRefused('the token names no subject');
    if (containsIin(payload.sub)) throw new TokenRefused(ACTOR_IS_IIN);
    return {
      issuer: payload.iss!,
      sub: payload.sub,
      roles: rolesOf(payload, this.auth.rolesClaim),
      expiresAt: exp * 1000,
    };
  }

  private remember(digest: string, token: VerifiedToken, until: number): void {
    this.cache.set(digest, { token, until });
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** How many verified tokens are remembered (for tests and metrics). */
  get cached(): number {
    return this.cache.size;
  }
}

/** What a token is remembered by: a hash of it, never the token itself. */
const digestOf = (token: string): string => hash('sha256', token, 'base64url');

/**
 * Every event keeps its actor (issuer and subject) for good: an IIN there — as some eGov-based
 * providers give — could never be erased with the person (Law 94-V Art. 18), so it is not taken.
 */
export const ACTOR_IS_IIN =
  'the token’s subject holds an IIN, which the ledger would keep in its permanent log; the identity provider must name staff and systems by an id that is not an IIN';

function refusalOf(error: unknown, remote: boolean): Error {
  if (remote && isKeySetFailure(error)) {
    return new KeysUnavailable(
      `the identity provider’s keys could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (error instanceof errors.JWTExpired) return new TokenRefused('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenRefused(
      error.claim === 'exp' || error.claim === 'sub'
        ? `the token has no ${error.claim} claim`
        : `the token's ${error.claim} claim is not accepted`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenRefused('the token is signed with an unknown key');
  return new TokenRefused('the token is not valid (signature, issuer or audience)');
}

/**
 * The remote key set could not be had: a network error, a timeout, an answer that is not 200 or
 * not a key set. (jose raises its base JOSEError, not a subclass, for the last two.)
 */
function isKeySetFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.constructor === errors.JOSEError;
  return typeof (error as { code?: unknown })?.code === 'string';
}

export function rolesOf(payload: Record<string, unknown>, claim: string): Role[] {
  const value = claim
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], payload);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return list.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string));
}

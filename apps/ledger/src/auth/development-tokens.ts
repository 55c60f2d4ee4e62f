import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER } from './auth-config';
import { Role } from './roles';

export interface DevelopmentTokenOptions {
  readonly sub?: string;
  readonly ttlSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

/**
 * A token signed with a development key from a ledger's data folder, exactly as the ledger checks
 * it: issuer, audience, subject, iat and exp. `npm run token`, the demo data and the tests use it.
 */
export function mintDevelopmentToken(
  privateKeyPem: string,
  roles: readonly Role[],
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(options.sub ?? `dev-${roles.join('+')}`)
    .setIssuer(options.issuer ?? DEVELOPMENT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .sign(createPrivateKey(privateKeyPem));
}

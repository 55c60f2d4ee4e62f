import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER } from '../../apps/ledger/src/auth/auth-config';
import { Role } from '../../apps/ledger/src/auth/roles';

/** A token signed with the development key of a ledger's data folder, as `npm run token` makes. */
export async function devToken(
  privateKeyPem: string,
  roles: readonly Role[],
  options: { sub?: string; ttlSeconds?: number; issuer?: string; audience?: string } = {},
): Promise<string> {
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(options.sub ?? `test-${roles.join('+')}`)
    .setIssuer(options.issuer ?? DEVELOPMENT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600))
    .sign(createPrivateKey(privateKeyPem));
}

export const devKeyOf = (dataDir: string) => readFileSync(join(dataDir, 'dev-auth-key.pem'), 'utf8');

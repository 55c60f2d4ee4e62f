import { createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSigningKeyPem } from '@ledger/ledger-log';

/** How bearer tokens are checked: the identity provider's keys, issuer and audience. */
export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Public keys tokens may be signed with (PEM), or a JWKS document. */
  readonly keys:
    | { readonly kind: 'pem'; readonly keys: readonly KeyObject[] }
    | { readonly kind: 'jwks'; readonly jwks: { keys: object[] } };
  readonly rolesClaim: string;
  readonly clockToleranceSeconds: number;
  /** Set only in development: the key `npm run token` signs with. */
  readonly developmentPrivateKeyPem?: string;
}

export const DEVELOPMENT_ISSUER = 'consent-ledger-development';
export const DEFAULT_AUDIENCE = 'consent-ledger';

export class AuthConfigError extends Error {}

export function loadAuthConfig(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): AuthConfig {
  const issuer = env.LEDGER_AUTH_ISSUER?.trim();
  const audience = env.LEDGER_AUTH_AUDIENCE?.trim() || DEFAULT_AUDIENCE;
  const jwksFile = env.LEDGER_AUTH_JWKS_FILE?.trim();
  const pem = env.LEDGER_AUTH_PUBLIC_KEY?.trim() || readIfSet(env.LEDGER_AUTH_PUBLIC_KEY_FILE);
  const rolesClaim = env.LEDGER_AUTH_ROLES_CLAIM?.trim() || 'roles';
  const clockToleranceSeconds = Number(env.LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS ?? 30);
  const configured = Boolean(jwksFile || pem);

  if (production && (!configured || !issuer)) {
    throw new AuthConfigError(
      'in production set LEDGER_AUTH_ISSUER and the identity provider’s keys (LEDGER_AUTH_JWKS_FILE or LEDGER_AUTH_PUBLIC_KEY)',
    );
  }
  if (production && issuer === DEVELOPMENT_ISSUER)
    throw new AuthConfigError('the development issuer is not allowed in production');
  if (configured) {
    return {
      issuer: issuer ?? DEVELOPMENT_ISSUER,
      audience,
      keys: jwksFile
        ? { kind: 'jwks', jwks: JSON.parse(readIfSet(jwksFile)!) }
        : { kind: 'pem', keys: splitPem(pem!).map((k) => createPublicKey(k)) },
      rolesClaim,
      clockToleranceSeconds,
    };
  }
  // A developer's machine: tokens signed with a key kept in the data folder (npm run token).
  const privatePem = developmentKey(dataDir);
  return {
    issuer: issuer ?? DEVELOPMENT_ISSUER,
    audience,
    keys: { kind: 'pem', keys: [createPublicKey(privatePem)] },
    rolesClaim,
    clockToleranceSeconds,
    developmentPrivateKeyPem: privatePem,
  };
}

export function developmentKey(dataDir: string): string {
  const file = join(dataDir, 'dev-auth-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, generateSigningKeyPem(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

function readIfSet(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new AuthConfigError(`cannot read ${file}`);
  }
}

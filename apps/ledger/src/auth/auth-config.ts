import { createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPem } from '@ledger/ledger-log';
import { ConfigError, integer } from '../config/env-values';
import { ensurePrivateFolder } from '../config/data-folder';

/** Where the identity provider's public keys come from. */
export type IdentityProviderKeys =
  | { readonly kind: 'pem'; readonly keys: readonly KeyObject[] }
  | { readonly kind: 'jwks'; readonly jwks: { readonly keys: readonly object[] } }
  /** Fetched from the provider and cached; a token naming an unknown key fetches the set again. */
  | { readonly kind: 'jwks-url'; readonly url: URL; readonly cacheMaxAgeMs: number; readonly cooldownMs: number };

/** How bearer tokens are checked: the identity provider's keys, issuer and audience, and their times. */
export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: IdentityProviderKeys;
  readonly rolesClaim: string;
  /** How far the provider's clock may be from ours when checking exp, nbf and iat. */
  readonly clockToleranceSeconds: number;
  /** The longest a token may live: exp − iat, or exp − now when it has no iat. */
  readonly maxTokenLifetimeSeconds: number;
  /** Set only in development: the key `npm run token` signs with. */
  readonly developmentPrivateKeyPem?: string;
}

export const DEVELOPMENT_ISSUER = 'consent-ledger-development';
export const DEFAULT_AUDIENCE = 'consent-ledger';
export const DEVELOPMENT_KEY_FILE = 'dev-auth-key.pem';

export function loadAuthConfig(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): AuthConfig {
  const issuer = env.LEDGER_AUTH_ISSUER?.trim() || undefined;
  const audience = env.LEDGER_AUTH_AUDIENCE?.trim() || DEFAULT_AUDIENCE;
  const rolesClaim = env.LEDGER_AUTH_ROLES_CLAIM?.trim() || 'roles';
  const clockToleranceSeconds = integer(env, 'LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300);
  const maxTokenLifetimeSeconds = integer(env, 'LEDGER_AUTH_MAX_TOKEN_LIFETIME_SECONDS', 3600, 60, 86_400);
  const keys = providerKeys(env, production);

  if (production && (!keys || !issuer)) {
    throw new ConfigError(
      'in production set LEDGER_AUTH_ISSUER and the identity provider’s keys (LEDGER_AUTH_JWKS_URL, LEDGER_AUTH_JWKS_FILE or LEDGER_AUTH_PUBLIC_KEY)',
    );
  }
  if (production && issuer === DEVELOPMENT_ISSUER)
    throw new ConfigError('the development issuer is not allowed in production');
  if (production && keys) refuseDevelopmentTokenKey(keys, dataDir);
  const times = { rolesClaim, clockToleranceSeconds, maxTokenLifetimeSeconds };
  if (keys) return { issuer: issuer ?? DEVELOPMENT_ISSUER, audience, keys, ...times };
  // A developer's machine: tokens signed with a key kept in the data folder (npm run token).
  const privatePem = developmentKey(dataDir);
  return {
    issuer: issuer ?? DEVELOPMENT_ISSUER,
    audience,
    keys: { kind: 'pem', keys: [createPublicKey(privatePem)] },
    ...times,
    developmentPrivateKeyPem: privatePem,
  };
}

/**
 * Production never trusts the key `npm run token` signs with: its private half lies in the data
 * folder, so whoever can read that folder could mint any role.
 */
function refuseDevelopmentTokenKey(keys: IdentityProviderKeys, dataDir: string): void {
  const file = join(dataDir, DEVELOPMENT_KEY_FILE);
  if (keys.kind === 'jwks-url' || !existsSync(file)) return;
  const development = createPublicKey(readFileSync(file, 'utf8'));
  const trusted =
    keys.kind === 'pem'
      ? keys.keys
      : keys.jwks.keys.map((jwk) => createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }));
  if (trusted.some((key) => key.equals(development)))
    throw new ConfigError(`the identity provider's keys include the development token key from ${dataDir}`);
}

/** The key `npm run token` signs with, made once in the data folder. */
export function developmentKey(dataDir: string): string {
  const file = join(dataDir, DEVELOPMENT_KEY_FILE);
  if (!existsSync(file)) {
    ensurePrivateFolder(dataDir);
    writeFileSync(file, generateSigningKeyPem(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

/**
 * The provider's keys, from exactly one source. A key that cannot be read refuses the start: a
 * ledger that accepts no token (or the wrong ones) must not look healthy.
 */
function providerKeys(env: NodeJS.ProcessEnv, production: boolean): IdentityProviderKeys | undefined {
  const url = env.LEDGER_AUTH_JWKS_URL?.trim();
  const jwksFile = env.LEDGER_AUTH_JWKS_FILE?.trim();
  const pem =
    env.LEDGER_AUTH_PUBLIC_KEY?.trim() || readIfSet(env.LEDGER_AUTH_PUBLIC_KEY_FILE, 'LEDGER_AUTH_PUBLIC_KEY_FILE');
  const given = [
    url && 'LEDGER_AUTH_JWKS_URL',
    jwksFile && 'LEDGER_AUTH_JWKS_FILE',
    pem && 'LEDGER_AUTH_PUBLIC_KEY',
  ].filter(Boolean);
  if (given.length > 1) throw new ConfigError(`set only one of ${given.join(', ')}`);
  if (url) return remoteKeys(url, env, production);
  if (jwksFile) return { kind: 'jwks', jwks: parseJwks(readIfSet(jwksFile, 'LEDGER_AUTH_JWKS_FILE')!) };
  if (pem) return { kind: 'pem', keys: parsePem(pem) };
  return undefined;
}

function remoteKeys(text: string, env: NodeJS.ProcessEnv, production: boolean): IdentityProviderKeys {
  const url = URL.parse(text);
  if (!url) throw new ConfigError('LEDGER_AUTH_JWKS_URL is not a URL');
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
    // Keys fetched over plain HTTP could be swapped on the way, and with them every token's meaning.
    throw new ConfigError('LEDGER_AUTH_JWKS_URL must be https (http only outside production)');
  }
  return {
    kind: 'jwks-url',
    url,
    cacheMaxAgeMs: integer(env, 'LEDGER_AUTH_JWKS_CACHE_SECONDS', 600, 1, 86_400) * 1000,
    cooldownMs: integer(env, 'LEDGER_AUTH_JWKS_COOLDOWN_SECONDS', 30, 0, 3600) * 1000,
  };
}

function parsePem(text: string): KeyObject[] {
  const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError('LEDGER_AUTH_PUBLIC_KEY holds no PEM key');
  return blocks.map((block, i) => {
    try {
      return createPublicKey(block);
    } catch (error) {
      throw new ConfigError(`LEDGER_AUTH_PUBLIC_KEY: key ${i + 1} cannot be read (${(error as Error).message})`);
    }
  });
}

function parseJwks(text: string): { keys: object[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigError('LEDGER_AUTH_JWKS_FILE is not JSON');
  }
  const keys = (document as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError('LEDGER_AUTH_JWKS_FILE holds no keys (expected {"keys": [...]})');
  keys.forEach((jwk, i) => {
    try {
      createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    } catch (error) {
      throw new ConfigError(`LEDGER_AUTH_JWKS_FILE: key ${i + 1} cannot be read (${(error as Error).message})`);
    }
  });
  return { keys };
}

function readIfSet(file: string | undefined, name: string): string | undefined {
  if (!file?.trim()) return undefined;
  try {
    return readFileSync(file.trim(), 'utf8');
  } catch {
    throw new ConfigError(`${name}: cannot read ${file}`);
  }
}

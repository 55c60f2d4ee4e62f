#!/usr/bin/env node
// Mints a bearer token for local use, signed with the development key the ledger keeps in its data
// folder (LEDGER_DATA_DIR, default ./data). The ledger accepts it only when no identity provider is
// configured, which production refuses.
//   npm run -s token -- --role support [--role auditor] [--sub alice] [--ttl 3600]
const { createPrivateKey, generateKeyPairSync } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { SignJWT } = require('jose');

const ROLES = ['lending-core', 'support', 'auditor', 'regulator', 'compliance-admin'];
const ISSUER = 'consent-ledger-development'; // apps/ledger/src/auth/auth-config.ts
const AUDIENCE = process.env.LEDGER_AUTH_AUDIENCE || 'consent-ledger';

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('development tokens are not for production');
  const args = process.argv.slice(2);
  const values = (name) => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));
  const roles = values('role');
  if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) {
    throw new Error(`give one or more --role from: ${ROLES.join(', ')}`);
  }
  const sub = values('sub')[0] || `dev-${roles[0]}`;
  const ttl = Number(values('ttl')[0] || 3600);
  const dataDir = resolve(process.env.LEDGER_DATA_DIR || join(process.cwd(), 'data'));
  const file = join(dataDir, 'dev-auth-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const key = createPrivateKey(readFileSync(file, 'utf8'));
  const token = await new SignJWT({ roles })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
    .sign(key);
  process.stdout.write(token + '\n');
}

main().catch((error) => {
  console.error(`token: ${error.message}`);
  process.exit(2);
});

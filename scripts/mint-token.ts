// Mints a bearer token for local use, signed with the development key the ledger keeps in its data
// folder (LEDGER_DATA_DIR, default ./data). The ledger accepts it only in development or test mode
// with no identity provider configured.
//   npm run -s token -- --role support [--role auditor] [--sub alice] [--ttl 3600]
// The token goes to stdout, alone; what it was signed with, and any warning, to stderr.
import { existsSync } from 'node:fs';
import { containsIin } from '@ledger/consent-domain';
import { join } from 'node:path';
import { loadAuthConfig } from '../apps/ledger/src/auth/auth-config';
import { mintDevelopmentToken } from '../apps/ledger/src/auth/development-tokens';
import { Role, ROLES } from '../apps/ledger/src/auth/roles';
import { dataDirOf } from '../apps/ledger/src/config/ledger-config';
import { modeOf } from '../apps/ledger/src/config/env-values';

/** Files a ledger leaves in its data folder once it has run there. */
const LEDGER_FILES = ['events.sqlite', 'read-models.sqlite', 'keys.sqlite'];

class UsageError extends Error {}

const OPTIONS = ['--role', '--sub', '--ttl'];

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (modeOf(env.NODE_ENV) === 'production') {
    throw new UsageError(
      'development tokens are for NODE_ENV=development or test; with any other NODE_ENV the ledger takes tokens only from the identity provider',
    );
  }
  // Every argument is a known option and its value: a misspelt --tll would mint an hour's token unsaid.
  for (let i = 0; i < argv.length; i += 2) {
    if (!OPTIONS.includes(argv[i]) || argv[i + 1] === undefined) {
      throw new UsageError(`unknown option or missing value: ${argv[i]} (options: ${OPTIONS.join(', ')})`);
    }
  }
  const values = (name: string) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []));
  const roles = values('role');
  if (roles.length === 0 || roles.some((r) => !(ROLES as readonly string[]).includes(r))) {
    throw new UsageError(`give one or more --role from: ${ROLES.join(', ')}`);
  }
  const dataDir = dataDirOf(env);
  const hasLedger = LEDGER_FILES.some((file) => existsSync(join(dataDir, file)));
  const auth = loadAuthConfig(env, dataDir, false);
  if (!auth.developmentPrivateKeyPem) {
    throw new UsageError('an identity provider is configured (LEDGER_AUTH_*): get tokens from it, not from here');
  }
  const ttl = Number(values('ttl')[0] ?? Math.min(3600, auth.maxTokenLifetimeSeconds));
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > auth.maxTokenLifetimeSeconds) {
    throw new UsageError(`--ttl must be whole seconds from 1 to ${auth.maxTokenLifetimeSeconds} (the ledger's limit)`);
  }
  const sub = values('sub')[0] ?? `dev-${roles[0]}`;
  // The ledger refuses such a token (401): the subject is every event's actor, kept where no erasure reaches.
  if (containsIin(sub)) throw new UsageError('--sub holds an IIN: name staff and systems by an id that is not an IIN');
  const token = await mintDevelopmentToken(auth.developmentPrivateKeyPem, roles as Role[], {
    sub,
    ttlSeconds: ttl,
    issuer: auth.issuer,
    audience: auth.audience,
  });
  process.stderr.write(`token: signed with the development key in ${dataDir} (valid ${ttl} s)\n`);
  if (!hasLedger) {
    process.stderr.write(
      `token: warning: no ledger has run with the data folder ${dataDir}; a ledger using another folder ` +
        `answers 401 to this token. Run this with the LEDGER_DATA_DIR the ledger uses.\n`,
    );
  }
  process.stdout.write(token + '\n');
}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});

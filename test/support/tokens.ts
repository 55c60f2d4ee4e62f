import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { DevelopmentTokenOptions, mintDevelopmentToken } from '../../apps/ledger/src/auth/development-tokens';
import { Role } from '../../apps/ledger/src/auth/roles';

/** A token signed with the development key of a ledger's data folder, as `npm run token` makes. */
export function devToken(
  privateKeyPem: string,
  roles: readonly Role[],
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  return mintDevelopmentToken(privateKeyPem, roles, { ...options, sub: options.sub ?? `test-${roles.join('+')}` });
}

export const devKeyOf = (dataDir: string) => readFileSync(join(dataDir, DEVELOPMENT_KEY_FILE), 'utf8');

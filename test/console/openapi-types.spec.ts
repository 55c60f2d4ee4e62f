import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The console's API types are generated from the OpenAPI document and committed (generating them
 * boots the app, too slow for every build): they must be what the document makes today. Run from
 * the build, as openapi-typescript loads ES modules jest's module system cannot.
 */
describe('the console’s API types', () => {
  it('are what the OpenAPI document makes now (else: npm run api-types)', () => {
    const fresh = execFileSync(
      process.execPath,
      ['-r', 'tsconfig-paths/register', join(root, 'dist/scripts/console-api-types.js'), '--print'],
      { cwd: root, env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist') }, encoding: 'utf8' },
    );
    const committed = readFileSync(join(root, 'apps/console/src/openapi.d.ts'), 'utf8');
    expect(fresh === committed).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { CONSOLE_API_TYPES, consoleApiTypes } from '../../scripts/console-api-types';

/**
 * The console's API types are generated from the OpenAPI document and committed (generating them
 * boots the app, too slow for every build): they must be what the document makes today.
 */
describe('the console’s API types', () => {
  it('are what the OpenAPI document makes now (else: npm run api-types)', async () => {
    const committed = readFileSync(CONSOLE_API_TYPES, 'utf8');
    expect(committed === (await consoleApiTypes())).toBe(true);
  });
});

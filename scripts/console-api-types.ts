import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, OpenAPI3 } from 'openapi-typescript';
import { ledgerOpenApiDocument } from './openapi-document';

/** Where the console reads the API's types from (run from the repository root); committed, checked by a test. */
export const CONSOLE_API_TYPES = join(process.cwd(), 'apps', 'console', 'src', 'openapi.d.ts');

const HEADER =
  '// Generated from the ledger’s OpenAPI document by scripts/console-api-types.ts (npm run api-types).\n' +
  '// Do not edit: change the response classes and regenerate.\n\n';

/** The console's API types, from the document the ledger serves. */
export async function consoleApiTypes(): Promise<string> {
  const document = await ledgerOpenApiDocument();
  return HEADER + astToString(await openapiTS(document as unknown as OpenAPI3));
}

if (require.main === module) {
  consoleApiTypes().then(
    (types) => {
      // --print: to stdout, for the test that compares it with the committed file.
      if (process.argv.includes('--print')) return void process.stdout.write(types);
      writeFileSync(CONSOLE_API_TYPES, types);
      console.log(`wrote ${CONSOLE_API_TYPES}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The embedded ledger loads no client of a server it does not use: the EventStoreDB client (gRPC),
 * pg and ioredis are loaded only when configured — they were most of the service's start-up.
 */
describe('the embedded ledger at start-up', () => {
  it('has not loaded the EventStoreDB, PostgreSQL or Redis clients', () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '-r',
        'tsconfig-paths/register',
        '-e',
        `require(${JSON.stringify(join(root, 'dist/apps/ledger/src/bootstrap.js'))});
         process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
      ],
      { cwd: root, env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist') }, encoding: 'utf8' },
    );
    const packages = new Set(
      (JSON.parse(loaded) as string[]).flatMap((path) => /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []),
    );
    expect(packages.has('@nestjs/core')).toBe(true);
    expect(['@eventstore/db-client', '@grpc/grpc-js', 'pg', 'ioredis'].filter((p) => packages.has(p))).toEqual([]);
  });
});

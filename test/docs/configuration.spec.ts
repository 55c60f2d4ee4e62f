import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { sources } from '../support/source-files';

/** The README's configuration table names every environment variable the code reads, and no other. */
const root = join(__dirname, '..', '..');

const read = [
  ...new Set(
    [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].flatMap((file) =>
      // `env.NAME`, `env['NAME']`, and `integer(env, 'NAME', …)`, which reads env[NAME].
      [
        ...readFileSync(file, 'utf8').matchAll(/\b(?:env(?:\.|\[')|integer\(env, ')((?:LEDGER_)?[A-Z][A-Z0-9_]+)\b/g),
      ].map((m) => m[1]),
    ),
  ),
];

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Configuration'),
  readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
);
const documented = new Set([...section.matchAll(/`((?:LEDGER_|NODE_ENV|PORT)[A-Z0-9_]*)`/g)].map((m) => m[1]));

describe('the configuration table', () => {
  it('finds the variables the code reads', () => {
    expect(read).toEqual(expect.arrayContaining(['LEDGER_PORT', 'PORT', 'NODE_ENV', 'LEDGER_AUTH_JWKS_URL']));
  });

  it.each(read)('documents %s', (name) => {
    expect(documented.has(name)).toBe(true);
  });

  it('documents no variable the code does not read', () => {
    expect([...documented].filter((name) => !read.includes(name))).toEqual([]);
  });
});

// A variable set empty (`LEDGER_HOST=` in a compose file or an env file) means its default, as the
// table gives it: an empty host was every interface, an empty file a temporary database.
describe('an empty setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, ...env });
  const settings: [string, (config: LedgerConfig) => unknown][] = [
    ['LEDGER_HOST', (config) => [config.host, config.console.publicUrl]],
    ['LEDGER_READ_MODEL_FILE', (config) => config.readModelFile],
    ['LEDGER_KEY_STORE_FILE', (config) => config.keyStoreFile],
    ['LEDGER_WEBHOOK_FILE', (config) => config.webhooks.file],
    ['LEDGER_AUTH_ISSUER', (config) => config.auth.issuer],
    ['LEDGER_CONSOLE_LOCAL_SIGN_IN', (config) => config.console.localSignIn],
  ];

  it.each(settings)('%s empty is its default', (name, read) => {
    expect(read(load({ [name]: '' }))).toEqual(read(load({})));
    expect(read(load({ [name]: '  ' }))).toEqual(read(load({})));
  });
});

// "NODE_ENV=development (what npm start, npm run demo-data, npm run import and npm run token set unless told
// otherwise; npm run key-statement does not …)".
describe('the scripts that set development mode', () => {
  const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
  const development = /NODE_ENV=\$\{NODE_ENV:-development\}/;

  it.each(['start:built', 'demo-data', 'import', 'token'])('%s runs in development unless told otherwise', (name) => {
    expect(scripts[name]).toMatch(development);
  });

  it('key-statement keeps production rules unless told otherwise', () => {
    expect(scripts['key-statement']).not.toMatch(/NODE_ENV/);
  });
});

// LEDGER_CONSOLE_PUBLIC_URL's default, "http://$LEDGER_HOST:$LEDGER_PORT", is an origin a browser can use
// whatever the host: a listener on every interface is reached on the loopback, IPv6 in brackets.
describe('the console’s default public URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:3000'],
    ['0.0.0.0', 'http://127.0.0.1:3000'],
    ['::', 'http://127.0.0.1:3000'],
    ['::1', 'http://[::1]:3000'],
    ['fd00::5', 'http://[fd00::5]:3000'],
    ['ledger.internal', 'http://ledger.internal:3000'],
  ])('LEDGER_HOST=%s gives %s', (host, url) => {
    const publicUrl = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_HOST: host }).console.publicUrl;
    expect(publicUrl).toBe(url);
    expect(new URL(publicUrl).origin).toBe(publicUrl);
  });
});

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateImport } from '../../scripts/bench/generated-import';
import { run as runImportCli } from '../../apps/ledger/src/importing/import-cli';
import { removeDir } from '../support/ledger-harness';

// Every read of a whole file, seen (and done as ever): node:fs's own members cannot be spied on.
jest.mock('node:fs', () => {
  const actual = jest.requireActual('node:fs');
  return {
    ...actual,
    readFileSync: jest.fn(actual.readFileSync),
    promises: { ...actual.promises, readFile: jest.fn(actual.promises.readFile) },
  };
});

/**
 * `npm run import -- FILE` reads the file as a stream, its digest too: a file of years of logs read
 * whole for its digest did not fit in memory, nor past 2 GiB in a Buffer at all, though the import
 * itself streams.
 */
describe('npm run import reading its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-import-read-'));
  afterAll(() => removeDir(dir));

  it('never reads the file whole', async () => {
    const fs = jest.requireMock('node:fs');
    const file = join(dir, 'streamed.ndjson');
    writeFileSync(file, generateImport(5, '2024-01-01T00:00:00.000Z', 8).text);
    let stdout = '';
    const code = await runImportCli(
      [file, '--dry-run'],
      { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } },
      { ...process.env, NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'error' },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ rows: 5, dryRun: true });
    const whole = [...fs.readFileSync.mock.calls, ...fs.promises.readFile.mock.calls];
    expect(whole.filter(([path]: [unknown]) => path === file)).toEqual([]);
  });

  it('a dry run against a folder holding no ledger leaves that folder as it was (no keys, no files)', async () => {
    const file = join(dir, 'rehearsed.ndjson');
    writeFileSync(file, generateImport(5, '2024-01-01T00:00:00.000Z', 9).text);
    const mistyped = join(dir, 'no-such-ledger');
    let stdout = '';
    let stderr = '';
    const code = await runImportCli(
      [file, '--dry-run'],
      { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
      { ...process.env, NODE_ENV: 'development', LEDGER_DATA_DIR: mistyped, LEDGER_LOG_LEVEL: 'error' },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ rows: 5, dryRun: true });
    expect(stderr).toContain(`${mistyped} holds no ledger`);
    expect(existsSync(mistyped)).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { generateSigningKeyPem, loadSigningKey, sha256 } from '@ledger/ledger-log';
import {
  eventLinesOf,
  exportText,
  forge,
  LogWriter,
  smallHistory,
} from '../../apps/ledger/src/exporting/testing/export-fixtures';
import { removeDir } from '../support/ledger-harness';
import { run } from '../../apps/audit/src/main';

/**
 * The built `audit verify` checks event lines on worker threads: it must reach the same verdict,
 * with the same words, as the single-threaded reader (the same command run here), whatever was done
 * to the export.
 */
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist/apps/audit/src/main.js');

describe('audit verify on worker threads (built CLI)', () => {
  const key = loadSigningKey(generateSigningKeyPem());
  let work: string;
  let log: string[];
  let pem: string;
  let rewritten: string[];

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
    work = mkdtempSync(join(tmpdir(), 'ledger-audit-parallel-'));
    const store = new SqliteEventStore({ file: ':memory:' });
    // Enough to span many batches of lines (64 KB each here, LEDGER_AUDIT_BATCH_KB).
    const writer = new LogWriter(store);
    await smallHistory(writer, key, 260);
    // A reason holding U+FFFD, as a person may well type it: the case a stray byte could stand in for.
    await writer.append(
      `subject-${'0'.repeat(31)}7`,
      [{ type: 'ConsentWithdrawn', data: { consentId: 'c-7', reason: 'unreadable \uFFFD form' } }],
      '2025-03-02T00:00:00.000Z',
    );
    log = await exportText(store, key);
    // Past the first mark, and a history re-signed with the key whose one event was recorded before its stream's last.
    expect(log.some((l) => l.startsWith('{"kind":"mark"'))).toBe(true);
    const backdated = events().filter((l) => l.type === 'DisclosureRecorded')[200];
    rewritten = await forge(
      log,
      () => false,
      key,
      (l, metadata) => {
        if (l.id === backdated.id)
          metadata.recordedAt = new Date(Date.parse(metadata.recordedAt as string) - 1).toISOString();
      },
    );
    // Many batches, so that lines cross from one worker to the other and back.
    expect(Buffer.byteLength(log.join('\n'))).toBeGreaterThan(8 * 64 * 1024);
    await store.close();
    pem = join(work, 'ledger.pem');
    writeFileSync(pem, key.publicKeyPem);
  });

  afterAll(() => removeDir(work));

  /** The built CLI (its worker threads are built code), with `workers` threads. */
  function verify(name: string, text: string | Buffer, workers: number, ...flags: string[]) {
    const file = join(work, `${name}.ndjson`);
    writeFileSync(file, text);
    const result = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', cli, 'verify', file, ...flags], {
      cwd: root,
      env: {
        ...process.env,
        TS_NODE_BASEURL: join(root, 'dist'),
        LEDGER_AUDIT_WORKERS: String(workers),
        LEDGER_AUDIT_BATCH_KB: '64',
      },
      encoding: 'utf8',
    });
    return { code: result.status, output: result.stdout, errors: result.stderr };
  }

  /** The same command in this process, from sources: the single-threaded reader. */
  async function verifyHere(name: string, text: string | Buffer, ...flags: string[]) {
    const file = join(work, `${name}.ndjson`);
    writeFileSync(file, text);
    let output = '';
    let errors = '';
    const code = await run(
      ['verify', file, ...flags],
      (t) => (output += t),
      (t) => (errors += t),
    );
    return { code, output, errors };
  }

  const events = () => eventLinesOf(log);
  /**
   * An event's id given `prefix` (JSON escapes) and the line's hash made to match its new bytes: a
   * worker reads it as a sound line and hands its fields back, which must arrive as they were read.
   */
  const idWith = (prefix: string) => {
    const lines = [...log];
    const target = events()[Math.floor(events().length * 0.4)];
    const line = lines[target.index];
    const start = line.indexOf(',"event":') + 9;
    const body = line.slice(start, -1).replace('"id":"', `"id":"${prefix}`);
    lines[target.index] =
      line.slice(0, start).replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${sha256(body)}"`) + body + '}';
    return lines.join('\n') + '\n';
  };
  const cases: [string, () => string | Buffer, string[]][] = [
    ['untouched', () => log.join('\n') + '\n', ['--public-key']],
    [
      'unpinned, no final newline, a blank line and CRLF',
      () => log.slice(0, 10).join('\r\n') + '\n\n' + log.slice(10).join('\n'),
      [],
    ],
    [
      'one byte changed deep in the file',
      () => {
        const lines = [...log];
        const granted = events().filter((l) => l.type === 'ConsentGranted');
        const target = granted[Math.floor(granted.length * 0.6)];
        lines[target.index] = lines[target.index].replace('"language":"ru"', '"language":"kk"');
        expect(lines[target.index]).not.toBe(log[target.index]);
        return lines.join('\n') + '\n';
      },
      ['--public-key'],
    ],
    [
      'the last event of a stream dropped',
      () => {
        const disclosed = events().filter((l) => l.type === 'DisclosureRecorded');
        const dropped = disclosed[Math.floor(disclosed.length * 0.75)].index;
        return log.filter((_, i) => i !== dropped).join('\n') + '\n';
      },
      ['--public-key'],
    ],
    [
      'a position edited',
      () => {
        const lines = [...log];
        const target = events()[Math.floor(events().length * 0.7)];
        lines[target.index] = lines[target.index].replace(
          /"position":"(\d+)"/,
          (_m, p) => `"position":"${Number(p) + 1}"`,
        );
        return lines.join('\n') + '\n';
      },
      ['--public-key'],
    ],
    [
      'a U+FFFD written as a byte that is not UTF-8',
      () => {
        const at = log.findIndex((l) => l.includes('\uFFFD'));
        expect(at).toBeGreaterThan(0);
        // Decoded, the stray byte reads as the U+FFFD it replaced; only its bytes tell them apart.
        const bytes = Buffer.from(log.join('\n') + '\n');
        const fffd = bytes.indexOf(Buffer.from('\uFFFD'));
        return Buffer.concat([bytes.subarray(0, fffd), Buffer.from([0xff]), bytes.subarray(fffd + 3)]);
      },
      ['--public-key'],
    ],
    ['an id holding a newline, its hash made to match', () => idWith('\\n'), ['--public-key']],
    ['an id holding a lone surrogate, its hash made to match', () => idWith('\\ud800'), ['--public-key']],
    ['an id holding the field separator, its hash made to match', () => idWith('\\u001f'), ['--public-key']],
    ['a line after the seal', () => [...log, log[5]].join('\n') + '\n', ['--public-key']],
    ['the mark removed', () => log.filter((l) => !l.startsWith('{"kind":"mark"')).join('\n') + '\n', ['--public-key']],
    ['an event re-signed as recorded before its stream’s last', () => rewritten.join('\n') + '\n', ['--public-key']],
    [
      'a line longer than any the ledger writes',
      () => [...log.slice(0, 700), '{"kind":"event","x":"' + 'a'.repeat(64 * 1024 * 1024)].join('\n'),
      ['--public-key'],
    ],
  ];

  it.each(cases)('%s: the same verdict with and without workers', async (name, make, flags) => {
    const text = make();
    const args = flags.includes('--public-key') ? ['--public-key', pem] : [];
    const alone = await verifyHere(`${name}-0`.replace(/\W+/g, '-'), text, ...args);
    const parallel = verify(`${name}-2`.replace(/\W+/g, '-'), text, 2, ...args);
    expect(parallel).toEqual(alone);
    expect(alone.errors).toBe('');
    if (name === 'untouched') expect(alone.code).toBe(0);
    else if (name.startsWith('unpinned')) expect(alone.code).toBe(4);
    else expect(alone.code).toBe(1);
    if (name.startsWith('a U+FFFD')) expect(alone.output).toMatch(/^FAILED not-utf8: line \d+ is not UTF-8/);
  });
});

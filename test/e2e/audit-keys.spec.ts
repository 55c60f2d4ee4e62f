import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSigningKeyPem,
  KEY_STATEMENT_FORMAT,
  KEYRING_FORMAT,
  keyringEntry,
  loadSigningKey,
} from '@ledger/ledger-log';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { damageTablePage, eventLinesOf } from '../../apps/ledger/src/exporting/testing/export-fixtures';
import { statementFor } from '../../apps/ledger/src/integrity/key-statement';
import { audit } from '../support/audit-cli';
import { key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { freePort, startBuiltService, stopAndRemove } from '../support/service-process';
import { devKeyOf, devToken } from '../support/tokens';

/**
 * The ledger's keys as auditors obtain them out of band, a rotation that older exports survive, and
 * an export the store could not finish.
 */
async function exportLog(ledger: Ledger): Promise<{ status: number; lines: string[] }> {
  const reply = await ledger.app.inject({
    method: 'GET',
    url: '/v1/exports/log',
    headers: { authorization: `Bearer ${await ledger.token(['auditor'])}` },
  });
  return { status: reply.statusCode, lines: reply.body.trimEnd().split('\n') };
}

async function someHistory(ledger: Ledger, people: number): Promise<void> {
  const now = ledger.clock.now();
  for (let i = 0; i < people; i++) {
    expect(
      (await ledger.command('/v1/loans/signed', key('loan'), { iin: newIin(), loanId: `L-${i}`, occurredAt: now }))
        .status,
    ).toBe(201);
  }
  expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
}

describe('a key rotation', () => {
  let dir: string;
  let ledger: Ledger | undefined;

  afterAll(async () => {
    await ledger?.close();
    removeDir(dir);
  });

  it('leaves an export that spans it verifiable with the keyring, each checkpoint under the key of its time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rotation-'));
    const oldKey = generateSigningKeyPem();
    const newKey = generateSigningKeyPem();
    const quiet = { LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0' };
    const before = await startLedger(undefined, { dir, env: { ...quiet, LEDGER_SIGNING_KEY: oldKey } });
    await someHistory(before, 3);
    await before.close();

    // The operator retires the old key: its public half goes into the keyring with the moment it stopped.
    const retiredAt = new Date().toISOString();
    const keyringFile = join(dir, 'keyring.json');
    writeFileSync(
      keyringFile,
      JSON.stringify({
        format: KEYRING_FORMAT,
        keys: [keyringEntry(loadSigningKey(oldKey).publicKeyPem, { validUntil: retiredAt })],
      }),
    );
    ledger = await startLedger(undefined, {
      dir,
      env: { ...quiet, LEDGER_SIGNING_KEY: newKey, LEDGER_SIGNING_KEYRING_FILE: keyringFile },
    });
    await someHistory(ledger, 3);
    const { lines } = await exportLog(ledger);

    const work = mkdtempSync(join(dir, 'audit-'));
    const file = join(work, 'log.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const statement = statementFor(ledger.config, ledger.clock.now());
    expect(statement.keys.map((k) => [k.keyId, k.validFrom, k.validUntil])).toEqual([
      [loadSigningKey(oldKey).keyId, undefined, retiredAt],
      [loadSigningKey(newKey).keyId, retiredAt, undefined],
    ]);
    const statementFile = join(work, 'key-statement.json');
    writeFileSync(statementFile, JSON.stringify(statement));

    const verified = await audit('verify', file, '--keyring', statementFile);
    expect(verified.code).toBe(0);
    expect(verified.output).toContain('checkpoints: 2 recomputed and matched');
    expect(verified.output).toContain(loadSigningKey(oldKey).keyId);

    const newPem = join(work, 'new.pem');
    writeFileSync(newPem, loadSigningKey(newKey).publicKeyPem);
    const todayOnly = await audit('verify', file, '--public-key', newPem);
    expect(todayOnly.code).toBe(1);
    expect(todayOnly.output).toContain(`signed with key ${loadSigningKey(oldKey).keyId}`);
    expect(todayOnly.output).toContain('--keyring');
  }, 60_000);

  it('refuses to start with a signing key the keyring says is no longer valid', async () => {
    const retired = generateSigningKeyPem();
    const file = join(dir, 'retired.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: KEYRING_FORMAT,
        keys: [keyringEntry(loadSigningKey(retired).publicKeyPem, { validUntil: '2025-01-01T00:00:00Z' })],
      }),
    );
    const elsewhere = mkdtempSync(join(tmpdir(), 'ledger-retired-'));
    await expect(
      startLedger(undefined, {
        dir: elsewhere,
        env: { LEDGER_SIGNING_KEY: retired, LEDGER_SIGNING_KEYRING_FILE: file },
      }),
    ).rejects.toThrow(/LEDGER_SIGNING_KEYRING_FILE: the signing key .* not now/);
    removeDir(elsewhere);
  });
});

describe('an export that hits a damaged file', () => {
  let dir: string;
  let ledger: Ledger | undefined;

  afterAll(async () => {
    await ledger?.close();
    removeDir(dir);
  });

  it('answers 200 and ends with a signed error record, which verify reports as incomplete', async () => {
    const first = await startLedger();
    dir = first.dir;
    const summary = await generateDemoHistory((url, k, body) => first.command(url, k, body), first.clock, {
      people: 12,
      seed: 3,
      end: first.clock.now(),
    });
    first.clock.release();
    expect(summary.people).toBe(12);
    const { lines: whole } = await exportLog(first);
    const events = eventLinesOf(whole);
    const marker = events[Math.floor(events.length / 2)].id;
    const pem = (await first.request('GET', '/v1/integrity/public-key')).body.publicKeyPem as string;
    await first.close();
    damageTablePage(join(dir, 'events.sqlite'), marker);

    ledger = await startLedger(undefined, { dir });
    const { status, lines } = await exportLog(ledger);
    expect(status).toBe(200);
    const last = JSON.parse(lines[lines.length - 1]);
    expect(last).toMatchObject({ kind: 'error', code: 'store-damaged', message: expect.stringContaining('malformed') });
    expect(last.events).toBeLessThan(events.length);

    const file = join(dir, 'damaged.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const pemFile = join(dir, 'ledger.pem');
    writeFileSync(pemFile, pem);
    const result = await audit('verify', file, '--public-key', pemFile);
    expect(result.code).toBe(5);
    expect(result.output).toMatch(
      /^INCOMPLETE whole log: the ledger stopped the export after \d+ events \(store-damaged/,
    );
  }, 60_000);
});

describe('the key as auditors obtain it out of band (built service)', () => {
  let child: ChildProcess | undefined;
  let dir: string;

  // Waits for it to end: a service still running when the file ends kept jest's worker from exiting.
  afterAll(() => stopAndRemove(child, dir));

  it('prints the same fingerprint at start-up, in the health details and in the key statement', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-fingerprint-'));
    const port = await freePort();
    let output = '';
    child = await startBuiltService(dir, port, {}, (chunk) => (output += chunk));
    // The start-up log line carries it as a field (the log scrubs long hex strings out of messages).
    const printed = /"fingerprint":"([0-9a-f]{64})"/.exec(output)?.[1];
    expect(printed).toBeDefined();

    const token = await devToken(devKeyOf(dir), ['auditor']);
    const health = await (
      await fetch(`http://127.0.0.1:${port}/health/ready`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect((health as { signing: { fingerprint: string } }).signing.fingerprint).toBe(printed);

    const root = join(__dirname, '..', '..');
    const script = join(root, 'dist/apps/ledger/src/integrity/key-statement.js');
    const env = { ...process.env, LEDGER_DATA_DIR: dir, TS_NODE_BASEURL: join(root, 'dist') };
    const statement = JSON.parse(
      execFileSync(process.execPath, ['-r', 'tsconfig-paths/register', script], { cwd: root, env, encoding: 'utf8' }),
    );
    expect(statement.format).toBe(KEY_STATEMENT_FORMAT);
    expect(statement.keys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([printed]);
    const letter = execFileSync(process.execPath, ['-r', 'tsconfig-paths/register', script, '--text'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(letter.replace(/ /g, '')).toContain(printed);
  }, 60_000);
});

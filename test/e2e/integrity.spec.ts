import Database from 'better-sqlite3';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadEsdbEventStore } from '@ledger/event-store';
import { CHECKPOINT_STREAM } from '@ledger/ledger-log';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { damageTablePage } from '../../apps/ledger/src/exporting/testing/export-fixtures';
import { startEsdbDouble } from '../esdb-double/esdb-double';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { exited, freePort, startBuiltService } from '../support/service-process';
import { disclosureRequest, grantRequest, policyVersionRequest, withdrawalRequest } from '../support/requests';

/**
 * The ledger never decides or answers on a history it cannot verify: not on a stream whose stored
 * events were changed behind its back, not on read models built from such a stream, not on a log
 * whose tail disagrees with its newest signed checkpoint, not on a damaged file.
 */
const policy = (ledger: Ledger) => policyVersionRequest(ago(ledger, 20 * DAY));
const grant = (ledger: Ledger, iin: string) =>
  grantRequest({
    iin,
    purposes: ['credit-and-pension-checks', 'advertising'],
    dataCategories: ['iin', 'full-name'],
    recipients: ['first-credit-bureau'],
    occurredAt: ago(ledger, 10 * DAY),
  });
const disclosure = (ledger: Ledger, iin: string) =>
  disclosureRequest({
    iin,
    dataCategories: ['iin'],
    occurredAt: ago(ledger, DAY),
  });

function capturedLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

/** A ledger with one person who consented to credit checks and withdrew advertising. */
async function ledgerWithOnePerson() {
  const ledger = await startLedger();
  expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy(ledger))).status).toBe(201);
  const iin = newIin();
  const granted = await ledger.command('/v1/consents', key('grant'), grant(ledger, iin));
  expect(granted.status).toBe(201);
  return { ledger, iin, subjectId: granted.body.subjectId as string };
}

/** Rewrites a stored event's JSON inside the SQLite file: still valid JSON, integrity_check still ok. */
function alterStoredEvent(dir: string, stream: string, revision: number, path: string, value: unknown): void {
  const db = new Database(join(dir, 'events.sqlite'));
  try {
    const changed = db
      .prepare('UPDATE events SET data = json_set(data, ?, json(?)) WHERE stream = ? AND revision = ?')
      .run(path, JSON.stringify(value), stream, revision).changes;
    expect(changed).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

async function readiness(ledger: Ledger) {
  for (let i = 0; i < 100; i++) {
    const ready = await ledger.request('GET', '/health/ready');
    if (ready.body.startupVerification?.status !== 'verifying') return ready;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the start-up verification did not finish');
}

describe('decisions on verified history only', () => {
  it('refuses a command on a stream changed inside the SQLite file, writes nothing, names the stream and fails readiness', async () => {
    const { ledger, iin, subjectId } = await ledgerWithOnePerson();
    await ledger.close();
    // The consent said credit checks; the file now says advertising only. A disclosure for credit
    // checks that the real history allows would be refused on the altered one.
    alterStoredEvent(ledger.dir, `subject-${subjectId}`, 0, '$.purposes', ['advertising']);

    const log = capturedLog();
    const reopened = await startLedger(undefined, { dir: ledger.dir, logger: log.logger });
    try {
      const head = await reopened.store.headPosition();
      const refused = await reopened.command('/v1/disclosures', key('disclose'), disclosure(reopened, iin));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'integrity-failure' });
      expect(JSON.stringify(refused.body)).not.toContain(subjectId);
      expect(await reopened.store.headPosition()).toEqual(head);
      expect(log.lines.join('')).toContain(`subject-${subjectId}`);

      const ready = await readiness(reopened);
      expect(ready.status).toBe(503);
      expect(ready.body.integrity).toMatchObject({
        status: 'failing',
        problems: [expect.objectContaining({ stream: `subject-${subjectId}`, revision: 0, reason: 'content-changed' })],
      });
      // Nothing is answered either, until an operator has restored the store.
      const check = await reopened.request(
        'GET',
        `/v1/subjects/${subjectId}/check?purpose=advertising&dataCategories=iin`,
      );
      expect(check.status).toBe(503);
      expect(check.body.code).toBe('integrity-failure');
    } finally {
      await reopened.close();
      removeDir(ledger.dir);
    }
  });

  it('stops a read-model rebuild at the changed event: never applied, never skipped, shown in health', async () => {
    const { ledger, subjectId } = await ledgerWithOnePerson();
    await ledger.close();
    alterStoredEvent(ledger.dir, `subject-${subjectId}`, 0, '$.purposes', ['advertising']);
    const rebuilt = await startLedger(undefined, {
      dir: ledger.dir,
      env: { LEDGER_READ_MODEL_FILE: join(ledger.dir, 'rebuilt.sqlite') },
    });
    try {
      let ready = await readiness(rebuilt);
      for (let i = 0; i < 100 && !ready.body.projection?.lastError; i++) {
        await new Promise((r) => setTimeout(r, 20));
        ready = await rebuilt.request('GET', '/health/ready');
      }
      expect(ready.status).toBe(503);
      expect(ready.body.projection).toMatchObject({
        caughtUp: false,
        lastError: `subject-${subjectId} revision 0: content changed`,
      });
      const consents = await rebuilt.request('GET', `/v1/subjects/${subjectId}/consents`);
      expect(consents.status).toBe(503);
    } finally {
      await rebuilt.close();
      removeDir(ledger.dir);
    }
  });

  it('refuses to become ready when the log disagrees with its newest signed checkpoint', async () => {
    const { ledger, iin } = await ledgerWithOnePerson();
    const withdrawn = await ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(iin, { purposes: ['advertising'] }, ago(ledger, 2 * DAY)),
    );
    expect(withdrawn.status).toBe(200);
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    const verifiedBefore = await readiness(ledger);
    expect(verifiedBefore.status).toBe(200);
    await ledger.close();

    // The withdrawal, the last event of its stream, is deleted: no stream chain can see that, the
    // signed checkpoint can.
    const db = new Database(join(ledger.dir, 'events.sqlite'));
    expect(db.prepare("DELETE FROM events WHERE type = 'ConsentWithdrawn'").run().changes).toBe(1);
    db.close();

    const reopened = await startLedger(undefined, { dir: ledger.dir });
    try {
      const ready = await readiness(reopened);
      expect(ready.status).toBe(503);
      expect(ready.body.startupVerification).toMatchObject({ status: 'failed' });
      expect(ready.body.integrity.problems).toEqual([expect.objectContaining({ stream: CHECKPOINT_STREAM })]);
    } finally {
      await reopened.close();
      removeDir(ledger.dir);
    }
  });

  it('is ready once the start-up check has held the tail to the newest checkpoint', async () => {
    const { ledger } = await ledgerWithOnePerson();
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()));
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    await ledger.close();
    const reopened = await startLedger(undefined, { dir: ledger.dir });
    try {
      const ready = await readiness(reopened);
      expect(ready.status).toBe(200);
      expect(ready.body.startupVerification).toMatchObject({ status: 'verified', checkpoint: 1 });
      expect(ready.body.startupVerification.events).toBeGreaterThan(0);
    } finally {
      await reopened.close();
      removeDir(ledger.dir);
    }
  });

  it('fails readiness with a clear message when the event store file is damaged', async () => {
    const { ledger, subjectId } = await ledgerWithOnePerson();
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    const [grantEvent] = await ledger.store.readStream(`subject-${subjectId}`);
    await ledger.close();
    damageTablePage(join(ledger.dir, 'events.sqlite'), grantEvent.id);
    const reopened = await startLedger(undefined, { dir: ledger.dir });
    try {
      const ready = await readiness(reopened);
      expect(ready.status).toBe(503);
      expect(ready.body.eventStore.damaged).toMatch(
        /damaged \(database disk image is malformed\): restore it from a backup/,
      );
    } finally {
      await reopened.close();
      removeDir(ledger.dir);
    }
  });
});

describe('one writer per embedded store', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    removeDir(dir);
  });

  it('refuses a second process on the same data folder, naming the folder and the holder; the lock dies with its holder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-one-writer-'));
    const first = await startBuiltService(dir, await freePort(), { NODE_ENV: 'test' });
    children.push(first);
    const { spawnSync } = await import('node:child_process');
    const root = join(__dirname, '..', '..');
    const second = spawnSync(
      process.execPath,
      ['-r', 'tsconfig-paths/register', join(root, 'dist/apps/ledger/src/main.js')],
      {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          TS_NODE_BASEURL: join(root, 'dist'),
          LEDGER_DATA_DIR: dir,
          LEDGER_PORT: String(await freePort()),
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`the data folder ${dir} is in use by another ledger process (pid ${first.pid})`);

    first.kill('SIGKILL');
    await exited(first);
    // The folder is free again: a ledger (here in this process) takes it and answers.
    const after = await startLedger(undefined, { dir });
    try {
      expect((await after.request('GET', '/health/ready')).status).toBe(200);
    } finally {
      await after.close();
    }
  }, 60_000);
});

describe('checkpoints that cannot fork', () => {
  it('lands one checkpoint per head when two instances on one EventStoreDB sign it at once; the other signs nothing', async () => {
    const double = await startEsdbDouble({ batchAppend: true, caughtUp: true });
    const [a, b] = await Promise.all(
      [0, 1].map(async () =>
        startLedger(undefined, { store: await loadEsdbEventStore().connect(double.connectionString) }),
      ),
    );
    try {
      expect((await a.command('/v1/policies/privacy/versions', key('policy'), policy(a))).status).toBe(201);
      // Both read models must have folded the same head before they race to sign it.
      const head = (await a.store.headPosition())!;
      for (const ledger of [a, b]) {
        expect(
          (await ledger.request('GET', `/v1/policies?minPosition=${head}`)).body.projection.reachedMinPosition,
        ).toBe(true);
      }
      const [one, two] = await Promise.all([a, b].map((l) => l.request('POST', '/v1/integrity/checkpoints')));
      expect([one.status, two.status]).toEqual([201, 201]);
      expect([one.body.written, two.body.written].sort()).toEqual([false, true]);
      expect(one.body.eventId).toBe(two.body.eventId);
      const stream = await a.store.readStream(CHECKPOINT_STREAM);
      expect(stream).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await double.stop();
      removeDir(a.dir);
      removeDir(b.dir);
    }
  });
});

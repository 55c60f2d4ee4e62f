import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { addMs, toInstant } from '@ledger/consent-domain';
import { SqliteEventStore } from '@ledger/event-store';
import { ReadModelDb, ReadSide } from '@ledger/projections';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { fillLedgerLikeHistory } from '../../scripts/bench/ledger-like-history';
import { builtMain, exited, freePort, startBuiltService } from '../support/service-process';
import { Worker } from 'node:worker_threads';
import { READ_SIDE } from '../../apps/ledger/src/ledger/read-models';
import { ago, closeAndRemove, DAY, key, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { devKeyOf, devToken } from '../support/tokens';
import { grantRequest, policyVersionRequest, withdrawalRequest } from '../support/requests';

/**
 * The read models, fed on a thread of their own or on the main one, against a service killed or told
 * to stop at moments nobody chose: whatever was acknowledged is in them once they have caught up, a
 * writer reads its own writes while they follow the log, and they end as a rebuild from zero would.
 */
const root = join(__dirname, '..', '..');

/** Every read-model table's rows, sorted: two read models equal row for row. */
function contents(side: ReadSide): Record<string, string[]> {
  const tables = side.db.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((t) => t.name);
  return Object.fromEntries(
    tables.map((table) => [
      table,
      side.db.db
        .prepare(`SELECT * FROM "${table}"`)
        .raw()
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

async function rebuiltFromZero(store: SqliteEventStore, file: string): Promise<ReadSide> {
  const side = new ReadSide(store, file);
  side.runner.start();
  for (;;) {
    const status = await side.runner.status();
    if (status.lastError) throw new Error(status.lastError);
    if (status.caughtUp) return side;
    await delay(20);
  }
}

/**
 * A data folder holding a ledger-like log of 30,000 events (three pages) and the keys that signed
 * it, filled once for the stop tests of both feeds and copied into each test's folder.
 */
let filled: Promise<{ dir: string; events: number }> | undefined;
async function copyOfFilledLog(into: string): Promise<number> {
  filled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-read-models-log-'));
    const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir });
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    const { events } = await fillLedgerLikeHistory(store, 30_000, config.signingKey, {
      pseudonymKey: config.pseudonymKey,
      checkpointEvery: 5000,
    });
    await store.close();
    return { dir, events };
  })();
  const { dir, events } = await filled;
  cpSync(dir, into, { recursive: true });
  return events;
}
afterAll(async () => {
  if (filled) removeDir((await filled).dir);
});

// The thread, as the service runs by default. The main-thread feed (LEDGER_PROJECTION_THREAD=off) has
// its own crash and restart tests (rebuild-crash.spec.ts, restart.spec.ts); running these against it
// too doubled the suite's longest file, so they do that with THREAD_MODES=on,off only.
const MODES = (process.env.THREAD_MODES ?? 'on').split(',');

describe.each(MODES)('read models fed on their own thread: %s', (thread) => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-read-models-crash-'));
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    if (child) await exited(child);
    removeDir(dir);
  });

  it('killed (SIGKILL) at random moments under writes from several clients: nothing acknowledged is missing, each writer read its writes, and the read models equal a rebuild', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { NODE_ENV: 'test', LEDGER_PROJECTION_THREAD: thread, LEDGER_RATE_LIMIT_PER_MINUTE: '0' };
    child = await startBuiltService(dir, port, env);
    const core = await devToken(devKeyOf(dir), ['lending-core']);
    const reader = await devToken(devKeyOf(dir), ['auditor']);
    const admin = await devToken(devKeyOf(dir), ['compliance-admin']);
    const post = async (path: string, key: string, body: unknown, bearer = core) => {
      const response = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const get = async (path: string) => {
      const response = await fetch(base + path, { headers: { authorization: `Bearer ${reader}` } });
      return { status: response.status, body: (await response.json()) as any };
    };
    const now = new Date().toISOString();
    expect((await post('/v1/policies/privacy/versions', 'policy-1', policyVersionRequest(now), admin)).status).toBe(
      201,
    );
    const grant = (iin: string) =>
      grantRequest({
        iin,
        purposes: ['advertising'],
        dataCategories: ['iin'],
        recipients: [],
        term: { kind: 'until', until: toInstant(Date.parse(addMs(now, 365 * 24 * 3600 * 1000))) },
        occurredAt: now,
      });
    const asked = (subjectId: string, minPosition?: string) =>
      get(
        `/v1/subjects/${subjectId}/check?purpose=advertising&dataCategories=iin` +
          (minPosition ? `&minPosition=${minPosition}` : ''),
      );

    /** Acknowledged: the person, the last position written for them, whether the withdrawal was. */
    const acknowledged: { subjectId: string; position: string; withdrawn: boolean }[] = [];
    /** What a writer did not see in its next question (empty when read-your-writes holds). */
    const unseen: string[] = [];
    let sent = 0;
    for (let round = 0; round < 3; round++) {
      let killed = false;
      const clients = Array.from({ length: 4 }, async () => {
        while (!killed) {
          try {
            const n = ++sent;
            const iin = newIin();
            const granted = await post('/v1/consents', `grant-${n}`, grant(iin));
            if (granted.status !== 201) throw new Error(`grant answered ${granted.status}`);
            const mine = acknowledged.push({ ...granted.body, withdrawn: false }) - 1;
            const check = await asked(granted.body.subjectId);
            if (check.body.allowed !== true) unseen.push(`grant ${granted.body.position}: ${check.status}`);
            const withdrawn = await post('/v1/withdrawals', `withdraw-${n}`, withdrawalRequest(iin, {}, now));
            if (withdrawn.status !== 200) throw new Error(`withdrawal answered ${withdrawn.status}`);
            acknowledged[mine] = { ...acknowledged[mine], position: withdrawn.body.position, withdrawn: true };
            const after = await asked(granted.body.subjectId);
            if (after.body.allowed !== false) unseen.push(`withdrawal ${withdrawn.body.position}: ${after.status}`);
          } catch (error) {
            // The service is gone (fetch fails): this client stops with it.
            if (!killed) throw error;
          }
        }
      });
      await delay(300 + Math.random() * 1200);
      killed = true;
      child.kill('SIGKILL');
      await exited(child);
      await Promise.all(clients);
      child = await startBuiltService(dir, port, env);
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(unseen).toEqual([]);
    for (const { subjectId, position, withdrawn } of acknowledged) {
      const check = await asked(subjectId, position);
      expect(check.body.projection.reachedMinPosition).toBe(true);
      // A withdrawal sent as the service died may be in the log unacknowledged: only an acknowledged one must show.
      if (withdrawn) expect({ subjectId, allowed: check.body.allowed }).toEqual({ subjectId, allowed: false });
    }
    child.kill('SIGTERM');
    await exited(child);

    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    const live = new ReadSide(store, join(dir, 'read-models.sqlite'));
    const rebuilt = await rebuiltFromZero(store, join(dir, 'rebuilt.sqlite'));
    try {
      expect(contents(live)).toEqual(contents(rebuilt));
    } finally {
      await live.close();
      await rebuilt.close();
      await store.close();
    }
  }, 180_000);

  // One copy of the 30,000-event log for both stops: the stops during the start use read models of
  // their own, so the stop during the rebuild still begins from zero, and its restart is the start
  // "whole the next time" after them (a second rebuild from zero cost the suite a fifth of its time).
  it('told to stop (SIGTERM) while it starts, ends at once by the signal; told to stop while it rebuilds the read models, stops with whole pages; and the next start goes on from the checkpoint, whole', async () => {
    const events = await copyOfFilledLog(dir);
    const env = { NODE_ENV: 'test', LEDGER_PROJECTION_THREAD: thread };
    const spawned = (port: number, extra: Record<string, string>, stdio: 'ignore' | 'pipe') =>
      spawn(process.execPath, ['-r', 'tsconfig-paths/register', builtMain], {
        cwd: root,
        env: {
          ...process.env,
          TS_NODE_BASEURL: join(root, 'dist'),
          LEDGER_DATA_DIR: dir,
          LEDGER_PORT: String(port),
          ...env,
          ...extra,
        },
        stdio: ['ignore', stdio, stdio],
      });

    // Several times, since where the start is when the signal lands is not chosen.
    for (let attempt = 0; attempt < 3; attempt++) {
      // Built from zero each time: the start waits for their first page.
      const starting = spawned(0, { LEDGER_READ_MODEL_FILE: join(dir, `read-models-${attempt}.sqlite`) }, 'pipe');
      child = starting;
      let output = '';
      // Written as the read models start (a fresh data folder warns of its development keys).
      await new Promise<void>((resolve, reject) => {
        const take = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('LEDGER_MASTER_KEY is not set')) resolve();
        };
        starting.stdout!.on('data', take);
        starting.stderr!.on('data', take);
        starting.once('exit', () => reject(new Error(`the service exited before the signal: ${output}`)));
      });
      starting.kill('SIGTERM');
      await exited(starting);
      expect({ attempt, signal: starting.signalCode, failed: output.includes('could not start') }).toEqual({
        attempt,
        signal: 'SIGTERM',
        failed: false,
      });
    }

    // Started without waiting for the read models: the stop comes while they are being built.
    const port = await freePort();
    const stopping = spawned(port, {}, 'ignore');
    child = stopping;
    for (;;) {
      if (stopping.exitCode !== null) throw new Error(`the service exited with ${stopping.exitCode}`);
      if (
        await fetch(`http://127.0.0.1:${port}/health/live`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await delay(10);
    }
    stopping.kill('SIGTERM');
    await exited(stopping);
    // Whole pages only: the checkpoint and the rows they hold moved together.
    const left = new ReadModelDb(join(dir, 'read-models.sqlite'));
    const applied = left.checkpoint('read-models')?.eventsApplied ?? 0;
    left.close();
    expect(applied === events || applied % 10_000 === 0).toBe(true);

    child = await startBuiltService(dir, port, env);
    const token = await devToken(devKeyOf(dir), ['auditor']);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { projection } = (await ready.json()) as { projection: { eventsApplied: number; caughtUp: boolean } };
    // Applied once each: the last start went on after the stopped one's checkpoint.
    expect(projection).toMatchObject({ caughtUp: true, eventsApplied: events });
  }, 180_000);
});

describe('the read models’ thread ended under a running ledger', () => {
  it('fails readiness naming it while it is down, answers writes meanwhile, and is started again from the checkpoint', async () => {
    const ledger = await startLedger(undefined, { env: { LEDGER_PROJECTION_THREAD: 'on' } });
    try {
      const feed = ledger.app.get<ReadSide>(READ_SIDE).runner as unknown as { worker?: Worker };
      const policy = policyVersionRequest(ago(ledger, 20 * DAY));
      expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy)).status).toBe(201);
      const iin = newIin();
      const granted = await ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          purposes: ['advertising'],
          dataCategories: ['iin'],
          recipients: [],
          occurredAt: ago(ledger, DAY),
        }),
      );
      expect(granted.status).toBe(201);
      // Ended as a crash would end it (an abort, a fatal error in the thread).
      await feed.worker!.terminate();
      const down = await ledger.request('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.projection).toMatchObject({ running: false, lastError: "the read models' thread stopped" });
      // A write is not held back by read models that do not follow the log.
      const withdrawn = await ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, {}, ago(ledger, DAY / 2)),
      );
      expect(withdrawn.status).toBe(200);
      const check = await ledger.request(
        'GET',
        `/v1/subjects/${granted.body.subjectId}/check?purpose=advertising&dataCategories=iin&minPosition=${withdrawn.body.position}`,
      );
      expect(check.body).toMatchObject({ allowed: false, projection: { reachedMinPosition: true } });
      let ready = await ledger.request('GET', '/health/ready');
      for (let i = 0; i < 100 && ready.status !== 200; i++) {
        await delay(50);
        ready = await ledger.request('GET', '/health/ready');
      }
      expect(ready.status).toBe(200);
      // Each event applied once: as many as the log holds up to the checkpoint.
      const events = await ledger.store.readAll({ maxCount: 10_000 });
      const upTo = events.filter(
        (e) => ledger.store.comparePositions(e.position, ready.body.projection.checkpoint) <= 0,
      );
      expect(ready.body.projection.eventsApplied).toBe(upTo.length);
    } finally {
      await closeAndRemove(ledger);
    }
  });
});

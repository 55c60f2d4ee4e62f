import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppendOutcomeUnknownError, EventStore, SqliteEventStore, StoreUnavailableError } from '@ledger/event-store';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger, closeAndRemove } from '../support/ledger-harness';
import { builtMain, freePort } from '../support/service-process';
import { grantRequest, policyVersionRequest } from '../support/requests';

/** Lines a pino logger wrote, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

/** A real SQLite store whose next operations can be made to fail, to see how failures are answered. */
class FaultyStore implements EventStore {
  fault?: unknown;
  constructor(private readonly inner: EventStore) {}
  private check(): void {
    if (this.fault) throw this.fault;
  }
  append: EventStore['append'] = async (...args) => (this.check(), this.inner.append(...args));
  readStream: EventStore['readStream'] = async (...args) => (this.check(), this.inner.readStream(...args));
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  subscribeToAll: EventStore['subscribeToAll'] = (...args) => this.inner.subscribeToAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  comparePositions: EventStore['comparePositions'] = (a, b) => this.inner.comparePositions(a, b);
  close: EventStore['close'] = () => this.inner.close();
}

const policy = (ledger: Ledger) => policyVersionRequest(ago(ledger, 10 * DAY));

const grant = (ledger: Ledger, iin: string) =>
  grantRequest({
    iin,
    purposes: ['microcredit-contract'],
    dataCategories: ['iin', 'full-name'],
    recipients: [],
    occurredAt: ago(ledger, DAY),
  });

describe('failures are answered as problem+json, and store failures as 503', () => {
  describe('with a store that fails on demand', () => {
    let ledger: Ledger;
    let store: FaultyStore;
    const log = capturedLog();

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-failures-'));
      store = new FaultyStore(new SqliteEventStore({ file: join(dir, 'events.sqlite') }));
      ledger = await startLedger(undefined, { dir, store, logger: log.logger });
      expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy(ledger))).status).toBe(201);
    });
    afterEach(() => {
      store.fault = undefined;
    });
    afterAll(() => closeAndRemove(ledger));

    it('answers an unexpected error with a 500 problem+json that leaks nothing, and logs it with its stack', async () => {
      const iin = newIin();
      store.fault = new TypeError(`Cannot read properties of undefined (reading 'replace') for ${iin}`);
      const reply = await ledger.command('/v1/consents', key('grant'), grant(ledger, iin));
      expect(reply.status).toBe(500);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.body).toEqual({
        type: '/problems/internal-error',
        title: expect.any(String),
        status: 500,
        code: 'internal-error',
        instance: '/v1/consents',
      });
      const line = log.lines.find((l) => l.msg === 'request failed');
      expect(line).toMatchObject({ level: 50, route: '/v1/consents', problem: 'internal-error' });
      expect(JSON.stringify(line)).toContain('TypeError');
      expect(JSON.stringify(log.lines)).not.toContain(iin);
    });

    it.each([
      ['an unreachable server', new StoreUnavailableError('unreachable', 'connect ECONNREFUSED 127.0.0.1:2113'), '5'],
      ['a server that is not ready', new StoreUnavailableError('not-ready', 'Server Is Not Ready'), '2'],
      ['a locked file', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), '1'],
      [
        'a damaged file',
        Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }),
        '60',
      ],
    ])(
      'answers %s with 503 store-unavailable and Retry-After, and says what happened in the log',
      async (_, fault, after) => {
        store.fault = fault;
        const reply = await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()));
        expect(reply.status).toBe(503);
        expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(reply.headers['retry-after']).toBe(after);
        expect(reply.body).toMatchObject({ code: 'store-unavailable', status: 503 });
        const failure = (fault as StoreUnavailableError).failure ?? reply.body.failure;
        expect(log.lines.some((l) => l.problem === 'store-unavailable' && String(l.msg).includes(failure))).toBe(true);
      },
    );

    it('answers a write whose outcome is unknown with 503 and the advice to retry with the same key', async () => {
      store.fault = new AppendOutcomeUnknownError('subject-x', 'write timed out after 2000 ms');
      const reply = await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()));
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ code: 'store-outcome-unknown' });
      expect(reply.body.title).toMatch(/same Idempotency-Key/);
    });
  });

  it('answers a full disk with 503 store-unavailable, writes nothing, and works again once there is room', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-disk-full-'));
    const file = join(dir, 'events.sqlite');
    let ledger = await startLedger(undefined, { dir });
    try {
      expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy(ledger))).status).toBe(201);
      await ledger.close();
      const pages = Number(new Database(file).pragma('page_count', { simple: true }));
      // The file may not grow by a single page: the next write that needs one meets a full disk.
      const capped = new SqliteEventStore({ file, maxPageCount: pages });
      ledger = await startLedger(undefined, { dir, store: capped });
      const before = (await capped.readAll({ maxCount: 100_000 })).length;
      let full: Awaited<ReturnType<Ledger['command']>> | undefined;
      for (let i = 0; i < 40 && !full; i++) {
        const reply = await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()));
        if (reply.status !== 201) full = reply;
      }
      expect(full?.status).toBe(503);
      expect(full?.body).toMatchObject({ code: 'store-unavailable', failure: 'disk-full' });
      expect(full?.headers['retry-after']).toBe('60');
      const written = (await capped.readAll({ maxCount: 100_000 })).length;
      expect(written).toBeGreaterThanOrEqual(before);
      // Retrying the same request on the same full disk writes nothing either.
      const again = await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()));
      expect(again.status).toBe(503);
      expect((await capped.readAll({ maxCount: 100_000 })).length).toBe(written);
      await ledger.close();
      ledger = await startLedger(undefined, { dir });
      expect((await ledger.command('/v1/consents', key('grant'), grant(ledger, newIin()))).status).toBe(201);
    } finally {
      await ledger.close();
      removeDir(dir);
    }
  });

  describe('on a listening server', () => {
    let ledger: Ledger;
    let port: number;

    beforeAll(async () => {
      ledger = await startLedger(undefined, { env: { LEDGER_REQUEST_TIMEOUT_MS: '500' } });
      await ledger.app.listen({ port: 0, host: '127.0.0.1' });
      port = (ledger.app.getHttpServer().address() as { port: number }).port;
    });
    afterAll(() => closeAndRemove(ledger));

    it('answers headers too large with 431 problem+json', async () => {
      const reply = await new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/v1/catalogue', headers: { 'x-padding': 'x'.repeat(20_000) } },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(reply.status).toBe(431);
      expect(reply.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(reply.body)).toMatchObject({ status: 431, code: 'headers-too-large' });
    });

    it('cuts off a client that sends half a body and goes silent, with 408 problem+json', async () => {
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = new Socket();
        let received = '';
        socket.on('data', (c) => (received += c));
        socket.on('close', () => resolve(received));
        socket.connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /v1/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"iin":',
          );
        });
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'request-timeout' });
    });

    it('lets an import arrive for longer than a request may take: the ledger paces its upload itself', async () => {
      const token = await ledger.token(['compliance-admin'], 'admin-import');
      // Six rows over three times LEDGER_REQUEST_TIMEOUT_MS, as a long import arrives while its chunks are written.
      const rows = Array.from(
        { length: 6 },
        (_, i) =>
          `{"key":"paced-${i}","kind":"loan-signed","iin":"${newIin()}","loanId":"L-${i}","occurredAt":"${ago(ledger, DAY)}"}\n`,
      );
      const reply = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/imports?dryRun=true',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/x-ndjson',
              'idempotency-key': key('paced-import'),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode, body }));
          },
        );
        req.on('error', reject);
        let sent = 0;
        const next = () => {
          if (sent === rows.length) return void req.end();
          req.write(rows[sent++]);
          setTimeout(next, 250);
        };
        next();
      });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ rows: 6, invalidCount: 0 });
    });
  });

  describe('while it stops', () => {
    let ledger: Ledger;
    let port: number;
    let bearer: string;
    let closing: Promise<void>;

    /** A grant whose body is still arriving when the shutdown begins: it is in flight. */
    async function grantInFlight() {
      const body = JSON.stringify(grant(ledger, newIin()));
      const connection = await connectRaw(port);
      const arrived = new Promise((resolve) => ledger.app.getHttpServer().once('request', resolve));
      connection.write(
        `POST /v1/consents HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nAuthorization: ${bearer}\r\n` +
          `Content-Type: application/json\r\nIdempotency-Key: ${key('grant')}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
      );
      await arrived;
      return { ...connection, finish: () => connection.write(body.slice(10)) };
    }

    async function stop() {
      const server = ledger.app.getHttpServer();
      closing = ledger.app.close();
      while (server.listening) await new Promise((r) => setTimeout(r, 5));
    }

    beforeEach(async () => {
      ledger = await startLedger();
      await ledger.app.listen({ port: 0, host: '127.0.0.1' });
      port = (ledger.app.getHttpServer().address() as { port: number }).port;
      expect((await ledger.command('/v1/policies/privacy/versions', key('policy'), policy(ledger))).status).toBe(201);
      bearer = `Bearer ${await ledger.token(['lending-core'])}`;
    });
    afterEach(async () => {
      await closing;
      removeDir(ledger.dir);
    });

    it('answers a request that arrives meanwhile with 503 problem+json and Retry-After, after answering the one in flight', async () => {
      const inFlight = await grantInFlight();
      // A request whose head is still arriving when the shutdown begins.
      const late = await connectRaw(port);
      late.write(`GET /v1/catalogue HTTP/1.1\r\nHost: x\r\n`);
      await new Promise((r) => setTimeout(r, 50));
      await stop();
      late.write(`Authorization: ${bearer}\r\n\r\n`);
      await late.closed;
      inFlight.finish();
      await inFlight.closed;
      expect(inFlight.received()).toMatch(/^HTTP\/1\.1 201 /);
      const refused = late.received();
      expect(refused).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused).toMatch(/\r\ncontent-type: application\/problem\+json/i);
      expect(refused).toMatch(/\r\nretry-after: \d+\r\n/i);
      expect(JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4))).toMatchObject({
        status: 503,
        code: 'shutting-down',
      });
    });

    it('closes the connection of a request it answers, instead of keeping it open for its client', async () => {
      const inFlight = await grantInFlight();
      await stop();
      inFlight.finish();
      // Kept alive, the connection would hold the shutdown until the keep-alive timeout (72 s).
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        inFlight.closed.then(() => 'closed by the ledger'),
        new Promise((r) => (timer = setTimeout(() => r('still open'), 5_000))),
      ]);
      // A pending timer would hold the test process for its five seconds after the last test.
      clearTimeout(timer);
      expect(inFlight.received()).toMatch(/^HTTP\/1\.1 201 /);
      expect(inFlight.received()).toMatch(/\r\nconnection: close\r\n/i);
      expect(outcome).toBe('closed by the ledger');
    }, 20_000);
  });

  it('says "in use" when its port is taken, instead of crashing on a TypeError', async () => {
    const port = await freePort();
    const holder = createServer().listen(port, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'ledger-port-'));
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', builtMain], {
          cwd: join(__dirname, '..', '..'),
          env: {
            ...process.env,
            TS_NODE_BASEURL: join(__dirname, '..', '..', 'dist'),
            LEDGER_DATA_DIR: dir,
            LEDGER_PORT: String(port),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(stderr).not.toMatch(/TypeError/);
    } finally {
      holder.close();
      removeDir(dir);
    }
  }, 30_000);
});

/** A TCP connection to the ledger, written to by hand: what it received, and when the ledger closed it. */
async function connectRaw(port: number) {
  const socket = new Socket();
  let received = '';
  socket.on('data', (c) => (received += c));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
  return { write: (text: string) => socket.write(text), received: () => received, closed };
}

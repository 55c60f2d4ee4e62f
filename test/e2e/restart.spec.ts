import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { addMs, toInstant } from '@ledger/consent-domain';
import { newIin } from '../support/ledger-harness';
import { exited, freePort, startBuiltService, stopAndRemove } from '../support/service-process';
import { devKeyOf, devToken } from '../support/tokens';
import { grantRequest, policyVersionRequest } from '../support/requests';

/**
 * The real service as a separate process, killed with SIGKILL while commands are in flight:
 * everything it acknowledged must be there after a restart, and clients may safely retry the rest.
 */
/** Grants sent at once: the service dies after answering 50 of them. */
const COMMANDS = 150;
let core: string;
let reader: string;

describe('a process restart', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-restart-'));
  });
  afterAll(() => stopAndRemove(child, dir));

  it('loses nothing that was acknowledged, and a retry of the rest writes each command once', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The service kills itself right after its 51st 201 (the policy version, then 50 grants).
    child = await startBuiltService(dir, port, { NODE_ENV: 'test', LEDGER_TEST_CRASH_AFTER_ACKS: '51' });

    core = await devToken(devKeyOf(dir), ['lending-core']);
    reader = await devToken(devKeyOf(dir), ['auditor']);
    const admin = await devToken(devKeyOf(dir), ['compliance-admin']);
    const now = new Date().toISOString();
    expect((await post(base, '/v1/policies/privacy/versions', 'policy-1', policy(now), admin)).status).toBe(201);

    const commands = Array.from({ length: COMMANDS }, (_, i) => ({
      key: `restart-grant-${i}`,
      body: grant(newIin(), now),
    }));
    const acknowledged: { key: string; body: any }[] = [];
    const victim = child;
    await Promise.allSettled(
      commands.map(async (command) => {
        const reply = await post(base, '/v1/consents', command.key, command.body);
        if (reply.status === 201) acknowledged.push({ key: command.key, body: reply.body });
      }),
    );
    // The bound is cancelled once the service is gone: a 10 s timer left pending held jest's worker
    // after the file ended ('failed to exit gracefully' when this file ran last).
    const bound = new AbortController();
    await Promise.race([
      exited(victim),
      delay(10_000, undefined, { signal: bound.signal }).then(() => {
        throw new Error(`the service answered ${acknowledged.length} grants and did not kill itself at the 51st 201`);
      }),
    ]).finally(() => bound.abort());
    // It died by its own hand, not ours: the kill point does not depend on the machine's load.
    expect(victim.signalCode).toBe('SIGKILL');
    // The 50th grant's answer was on the socket before the kill; no later one ever was.
    expect(acknowledged.length).toBe(50);

    child = await startBuiltService(dir, port, { NODE_ENV: 'test' });
    const timelines = await Promise.all(
      acknowledged.map(({ body }) => get(base, `/v1/subjects/${body.subjectId}/timeline?minPosition=${body.position}`)),
    );
    acknowledged.forEach(({ body }, i) => {
      expect(timelines[i].status).toBe(200);
      expect(timelines[i].body.projection.reachedMinPosition).toBe(true);
      expect(timelines[i].body.events.map((e: { eventId: string }) => e.eventId)).toEqual(
        body.events.map((e: { eventId: string }) => e.eventId),
      );
    });

    // The client retries everything it sent, with the same keys: nothing is written twice.
    const retries = await Promise.all(commands.map((c) => post(base, '/v1/consents', c.key, c.body)));
    expect(retries.map((r) => r.status)).toEqual(Array(COMMANDS).fill(201));
    const wasAcknowledged = new Set(acknowledged.map((a) => a.key));
    commands.forEach((c, i) => {
      if (wasAcknowledged.has(c.key)) expect(retries[i].body.replayed).toBe(true);
    });
    const after = await Promise.all(
      retries.map((reply) =>
        get(base, `/v1/subjects/${reply.body.subjectId}/timeline?minPosition=${reply.body.position}`),
      ),
    );
    for (const timeline of after) {
      expect(timeline.body.events.filter((e: { type: string }) => e.type === 'ConsentGranted')).toHaveLength(1);
    }
    child.kill('SIGTERM');
  }, 60_000);
});

describe('a process told to stop (SIGTERM) while an import is checked', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-stop-import-'));
  });
  afterAll(() => stopAndRemove(child, dir));

  it('answers the import in flight before it stops its row-checking thread', async () => {
    const port = await freePort();
    // Two batches of 12,000 rows: the thread is still checking the first when the stop begins.
    child = await startBuiltService(dir, port, {
      NODE_ENV: 'test',
      LEDGER_WEBHOOKS: 'off',
      LEDGER_IMPORT_CHUNK_ROWS: '12000',
    });
    const admin = await devToken(devKeyOf(dir), ['compliance-admin']);
    const rows = 24_000;
    // Rows whose IIN fails its check digit: checked, reported, nothing to write.
    const row = (i: number) =>
      JSON.stringify({ key: `r${i}`, kind: 'grant', ...grant('900101300018', '2024-01-01T00:00:00.000Z') });
    const file = Array.from({ length: rows }, (_, i) => row(i)).join('\n');
    const victim = child;
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const upload = httpRequest(
        `http://127.0.0.1:${port}/v1/imports`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${admin}`,
            'content-type': 'application/x-ndjson',
            'idempotency-key': 'stop-import',
          },
        },
        (response) => {
          let body = '';
          response.on('data', (c) => (body += c));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        },
      );
      upload.on('error', reject);
      // The whole file is sent: the import is reading and checking it.
      upload.on('finish', () => victim.kill('SIGTERM'));
      upload.end(file);
    });
    await exited(victim);
    expect(answer.status).toBe(200);
    const report = JSON.parse(answer.body);
    expect(report.rows).toBe(rows);
    expect(report.invalidCount).toBe(rows);
    // The report lists the first 10,000 by line, and counts them all.
    expect(report.invalid).toHaveLength(10_000);
  }, 120_000);
});

const policy = (now: string) => policyVersionRequest(now);

function grant(iin: string, now: string) {
  return grantRequest({
    iin,
    purposes: ['microcredit-contract'],
    dataCategories: ['iin'],
    recipients: [],
    term: { kind: 'until', until: toInstant(Date.parse(addMs(now, 365 * 24 * 3600 * 1000))) },
    occurredAt: now,
  });
}

async function post(base: string, path: string, key: string, body: unknown, bearer = core) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function get(base: string, path: string) {
  const response = await fetch(base + path, { headers: { authorization: `Bearer ${reader}` } });
  return { status: response.status, body: (await response.json()) as any };
}

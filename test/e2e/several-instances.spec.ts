import { ChildProcess, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKey, DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { Role } from '../../apps/ledger/src/auth/roles';
import { loadEsdbEventStore } from '@ledger/event-store';
import { Digests } from '@ledger/ledger-log';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { newIin } from '../support/ledger-harness';
import { exited, freePort, startBuiltService, stopAndRemove } from '../support/service-process';
import { connectRedis, freshSchema, PostgresSchema, REDIS_URL } from '../support/shared-services';
import { devToken } from '../support/tokens';
import { until, WebhookReceiver } from '../support/webhook-receiver';
import { disclosureRequest, grantRequest, policyVersionRequest, withdrawalRequest } from '../support/requests';

/**
 * Three ledger processes (the built service) on one EventStoreDB protocol double, one PostgreSQL key
 * store and one Redis for the rate limits. 32 clients spread their commands across them; one
 * instance is killed with SIGKILL mid-load — once while a command it had written was still waiting
 * for its reply — and started again. Then everything is counted: acknowledged commands lost, events
 * written twice, retries on another instance answered as replays, the export verified under the pinned
 * key, one IIN budget across the instances, an erasure through one instance seen by the others.
 * Last, webhooks: exactly one instance delivers (the holder of the deliverer lock in PostgreSQL), and
 * when it is killed another takes over from the shared delivery log, sending nothing twice.
 * Run `npm run build` first; DEBUG_INSTANCES=1 prints the instances' output and the test's progress.
 */
const root = join(__dirname, '..', '..');
const CLIENTS = 32;
const PEOPLE_PER_CLIENT = 1;
const IIN_BUDGET = 50;
const HOUR = 60 * 60 * 1000;
const DELIVERER_POLL_MS = 200;
/** How long a second deliverer would have had to show itself: many of its polls. */
const QUIET_MS = 1000;

interface Instance {
  readonly dir: string;
  readonly port: number;
  child: ChildProcess;
}

/** A command as a client sends it: the same key and body on every attempt. */
interface Command {
  readonly url: string;
  readonly key: string;
  readonly body: Record<string, unknown>;
  readonly iin: string;
}

interface Ack {
  readonly command: Command;
  /** The client's token: a retry comes from the same client, within its own budget. */
  readonly bearer: string;
  readonly instance: number;
  readonly status: number;
  readonly replayed: boolean;
  readonly body: {
    subjectId: string;
    position: string;
    recordedAt: string;
    events: { eventId: string; type: string; revision: number }[];
  };
  /** Attempts that got no answer (the instance was killed, or refused the connection) before this one. */
  readonly unanswered: number;
}

describe('several ledger instances on one EventStoreDB, one PostgreSQL, one Redis', () => {
  let double: EsdbDouble;
  let schema: PostgresSchema;
  const receiver = new WebhookReceiver();
  const instances: Instance[] = [];
  const pseudonymKey = randomBytes(32);
  const signing = generateKeyPairSync('ed25519');
  // Pinned out of band: computed here from the key handed to the ledger, not read from the ledger.
  const fingerprint = createHash('sha256')
    .update(signing.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  const digests = new Digests(pseudonymKey);
  let env: Record<string, string>;
  let identityProviderKey: string;
  const now = Date.now();
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  const acks: Ack[] = [];
  let killedWhileWaiting: { command: Command; events: string[] } | undefined;

  const token = (roles: readonly Role[], sub: string) => devToken(identityProviderKey, roles, { sub });

  async function send(
    instance: number,
    method: 'GET' | 'POST',
    url: string,
    options: { body?: unknown; key?: string; token: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const response = await fetch(`http://127.0.0.1:${instances[instance].port}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.key ? { 'idempotency-key': options.key } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * Sends a command to `first`; when that instance gives no answer (it was killed, or is not back yet)
   * or answers 503, sends the same command to the next one.
   */
  async function deliver(command: Command, first: number, bearer: string): Promise<Ack> {
    let unanswered = 0;
    for (let attempt = 0; attempt < 30; attempt++) {
      const instance = (first + attempt) % instances.length;
      let reply: Awaited<ReturnType<typeof send>>;
      try {
        reply = await send(instance, 'POST', command.url, { body: command.body, key: command.key, token: bearer });
      } catch {
        unanswered++;
        continue;
      }
      if (reply.status === 503) continue;
      if (reply.status >= 300)
        throw new Error(`${command.url} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      const replayed = reply.headers.get('idempotent-replayed') === 'true';
      return { command, bearer, instance, status: reply.status, replayed, body: reply.body, unanswered };
    }
    throw new Error(`${command.url} ${command.key} found no instance to answer it`);
  }

  function commandsOf(client: number): Command[] {
    return Array.from({ length: PEOPLE_PER_CLIENT }).flatMap((_, person) => {
      const iin = newIin();
      const k = (what: string) => `${what}-${client}-${person}-${process.pid}`;
      return [
        { url: '/v1/consents', key: k('grant'), iin, body: grant(iin, at(3 * HOUR)) },
        {
          url: '/v1/disclosures',
          key: k('disclose'),
          iin,
          body: disclosureRequest({
            iin,
            dataCategories: ['iin', 'credit-history'],
            occurredAt: at(2 * HOUR),
          }),
        },
        {
          url: '/v1/withdrawals',
          key: k('withdraw'),
          iin,
          body: withdrawalRequest(iin, { purposes: ['advertising'] }, at(HOUR)),
        },
      ];
    });
  }

  /** The committed log, as the double holds it. */
  function committedLog(): {
    stream: string;
    id: string;
    type: string;
    revision: number;
    commandId?: string;
    recordedAt?: string;
  }[] {
    const records = [];
    for (let i = 0; i < double.log.committed; i++) {
      const record = double.log.at(i);
      const metadata = JSON.parse(Buffer.from(record.metadata).toString('utf8') || '{}');
      records.push({
        stream: record.stream,
        id: record.id,
        type: record.type,
        revision: Number(record.revision),
        commandId: metadata.commandId as string | undefined,
        recordedAt: metadata.recordedAt as string | undefined,
      });
    }
    return records;
  }

  /**
   * Resolves once the double holds an uncommitted record that `match` accepts. The double tells of
   * commits only, so held writes are looked for every few milliseconds until one matches.
   */
  async function pending(match: (stream: string, commandId: string | undefined) => boolean): Promise<void> {
    for (let seen = double.log.committed; ;) {
      for (; seen < double.log.length; seen++) {
        const record = double.log.at(seen);
        const metadata = JSON.parse(Buffer.from(record.metadata).toString('utf8') || '{}');
        if (match(record.stream, metadata.commandId)) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  const debug = (text: string) =>
    process.env.DEBUG_INSTANCES && process.stderr.write(`[${Date.now() - now}] ${text}\n`);
  async function start(index: number): Promise<ChildProcess> {
    return startBuiltService(instances[index].dir, instances[index].port, env, (chunk) =>
      debug(`#${index}: ${chunk.trim()}`),
    );
  }

  beforeAll(async () => {
    // Held writes wait for the test, not for the double's write timeout.
    double = await startEsdbDouble({ batchAppend: true, caughtUp: true, writeTimeoutMs: 30_000 });
    schema = await freshSchema('instances');
    (await connectRedis()).disconnect();
    env = {
      NODE_ENV: 'test',
      LEDGER_EVENTSTORE_URL: double.connectionString,
      LEDGER_KEY_STORE_URL: schema.url,
      LEDGER_RATE_LIMIT_REDIS_URL: REDIS_URL,
      LEDGER_PSEUDONYM_KEY: pseudonymKey.toString('hex'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('hex'),
      LEDGER_SIGNING_KEY: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LEDGER_RATE_LIMIT_PER_MINUTE: '100000',
      LEDGER_RATE_LIMIT_IIN_PER_MINUTE: String(IIN_BUDGET),
      LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
      LEDGER_RETENTION_SWEEP_HOURS: '0',
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_API_DOCS: 'off',
      LEDGER_WEBHOOK_POLL_MS: '50',
      LEDGER_WEBHOOK_DELIVERER_POLL_MS: String(DELIVERER_POLL_MS),
    };
    // One identity provider for all three: the same development key in each data folder.
    for (let i = 0; i < 3; i++) {
      const dir = mkdtempSync(join(tmpdir(), `ledger-instance-${i}-`));
      if (i === 0) identityProviderKey = developmentKey(dir);
      else copyFileSync(join(instances[0].dir, DEVELOPMENT_KEY_FILE), join(dir, DEVELOPMENT_KEY_FILE));
      instances.push({ dir, port: await freePort(), child: undefined as unknown as ChildProcess });
    }
    debug('starting');
    const children = await Promise.all(instances.map((_, i) => start(i)));
    debug('started');
    children.forEach((child, i) => (instances[i].child = child));
    const admin = await token(['compliance-admin'], 'admin');
    const published = await send(0, 'POST', '/v1/policies/privacy/versions', {
      token: admin,
      key: `policy-${process.pid}`,
      body: policyVersionRequest(at(7 * 24 * HOUR)),
    });
    expect(published.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) await stopAndRemove(instance.child, instance.dir);
    await receiver.close();
    await double?.stop();
    await schema?.drop();
  });

  it('loses no acknowledged command and writes none twice while 32 clients load three instances and one is killed', async () => {
    const total = CLIENTS * PEOPLE_PER_CLIENT * 3;
    let killed: Promise<void> | undefined;

    // One instance dies with SIGKILL while a command it wrote waits for the store's reply: the command
    // is in the log, its client never hears so, and asks another instance.
    const killMidLoad = async () => {
      const probe: Command = { ...commandsOf(99)[0], key: `probe-${process.pid}` };
      const digest = digests.command(probe.key);
      debug('hold');
      double.holdCommits();
      const bearer = await token(['lending-core'], 'probe-client');
      const unanswered = send(1, 'POST', probe.url, { body: probe.body, key: probe.key, token: bearer });
      unanswered.catch(() => undefined);
      await pending((stream) => stream === `command-${digest}`);
      debug('claim pending');
      // The claim is committed and everything after it held again, in one step.
      double.commitHeld();
      double.holdCommits();
      await pending((stream, commandId) => stream.startsWith('subject-') && commandId === digest);
      debug('events pending');
      instances[1].child.kill('SIGKILL');
      await exited(instances[1].child);
      double.commitHeld();
      debug('killed');
      await expect(unanswered).rejects.toThrow('fetch failed');
      killedWhileWaiting = {
        command: probe,
        events: committedLog()
          .filter((e) => e.commandId === digest && e.stream.startsWith('subject-'))
          .map((e) => e.id),
      };
      instances[1].child = await start(1);
      debug('restarted');
      const retried = await deliver(probe, 2, bearer);
      acks.push(retried);
    };

    const load = Array.from({ length: CLIENTS }, async (_, client) => {
      const bearer = await token(['lending-core'], `client-${client}-${process.pid}`);
      for (const [n, command] of commandsOf(client).entries()) {
        const ack = await deliver(command, (client + n) % 3, bearer);
        acks.push(ack);
        if (acks.length % 20 === 0) debug(`${acks.length} acks`);
        if (acks.length >= total / 4 && !killed) killed = killMidLoad();
      }
    });
    await Promise.all(load);
    await killed;

    expect(acks).toHaveLength(total + 1);
    // The command that landed while its instance died was answered, on another instance, as a replay.
    const probeAck = acks.find((a) => a.command.key === killedWhileWaiting?.command.key)!;
    expect(killedWhileWaiting!.events.length).toBeGreaterThan(0);
    expect(probeAck).toMatchObject({ replayed: true, instance: 2 });
    expect(probeAck.body.events.map((e) => e.eventId)).toEqual(killedWhileWaiting!.events);

    const log = committedLog();
    const ids = new Set(log.map((e) => e.id));
    expect(ids.size).toBe(log.length);
    const lost = acks.filter((ack) =>
      ack.body.events.some(
        (e) =>
          !log.some(
            (r) => r.id === e.eventId && r.stream === `subject-${ack.body.subjectId}` && r.revision === e.revision,
          ),
      ),
    );
    expect(lost).toEqual([]);

    // Each command's events once, in one stream, as many as its answer named.
    const byCommand = new Map<string, { streams: Set<string>; count: number }>();
    for (const event of log.filter((e) => e.stream.startsWith('subject-') && e.commandId)) {
      const entry = byCommand.get(event.commandId!) ?? { streams: new Set(), count: 0 };
      entry.streams.add(event.stream);
      entry.count++;
      byCommand.set(event.commandId!, entry);
    }
    const duplicated = acks.filter((ack) => {
      const entry = byCommand.get(digests.command(ack.command.key));
      return !entry || entry.streams.size !== 1 || entry.count !== ack.body.events.length;
    });
    expect(duplicated).toEqual([]);

    // One person per IIN: one link each, every person's events in the stream of that link, one key each.
    const people = new Map<string, string>();
    for (const ack of acks) {
      expect(people.get(ack.command.iin) ?? ack.body.subjectId).toBe(ack.body.subjectId);
      people.set(ack.command.iin, ack.body.subjectId);
    }
    const links = await schema.query<{ iin_digest: string; subject_id: string }>('SELECT * FROM subject_links');
    expect(new Map(links.map((l) => [l.iin_digest, l.subject_id]))).toEqual(
      new Map([...people].map(([iin, subject]) => [digests.iin(iin), subject])),
    );
    const subjectStreams = new Set(log.filter((e) => e.stream.startsWith('subject-')).map((e) => e.stream));
    expect(subjectStreams).toEqual(new Set([...people.values()].map((s) => `subject-${s}`)));
    const [{ count }] = await schema.query<{ count: string }>(
      'SELECT count(*) FROM data_keys WHERE wrapped IS NOT NULL',
    );
    expect(Number(count)).toBe(people.size);

    const afterNoAnswer = acks.filter((a) => a.unanswered > 0);
    // A retry whose append the store took as a duplicate of the first attempt's (same event ids) is
    // answered with what is stored, never with its own proposal (its own recordedAt and hashes).
    const recordedAt = new Map(log.map((e) => [e.id, e.recordedAt]));
    const freshButNot = acks.filter(
      (a) => !a.replayed && recordedAt.get(a.body.events[0].eventId) !== a.body.recordedAt,
    );
    expect(freshButNot).toEqual([]);
    process.stdout.write(
      `several instances: ${acks.length} commands acknowledged, 0 lost, 0 written twice; ` +
        `${afterNoAnswer.length} retried after no answer (${afterNoAnswer.filter((a) => a.replayed).length} answered as replays, ` +
        `none answered with anything but what is stored)\n`,
    );
  }, 60_000);

  it('answers every retry on another instance as a replay of the first answer', async () => {
    const retried = await Promise.all(
      acks.map(async (ack) => {
        const instance = (ack.instance + 1) % 3;
        const reply = await send(instance, 'POST', ack.command.url, {
          body: ack.command.body,
          key: ack.command.key,
          token: ack.bearer,
        });
        return { ack, reply };
      }),
    );
    // The retry gives back the first answer — the same events at the same place — and says when the
    // log recorded them.
    const recorded = new Map(committedLog().map((e) => [e.id, e.recordedAt]));
    const differences = retried.flatMap(({ ack, reply }) => {
      const first = {
        status: ack.status,
        ...ack.body,
        replayed: true,
        recordedAt: recorded.get(ack.body.events[0].eventId),
      };
      const again = { status: reply.status, ...reply.body, header: reply.headers.get('idempotent-replayed') };
      const fields = ['status', 'subjectId', 'position', 'recordedAt', 'replayed', 'events'] as const;
      const differing: string[] = fields.filter((f) => JSON.stringify(first[f]) !== JSON.stringify(again[f]));
      if (again.header !== 'true') differing.push('header');
      return differing.length === 0 ? [] : [{ key: ack.command.key, differing, first, again }];
    });
    expect(differences).toEqual([]);
    expect(retried).toHaveLength(acks.length);
  }, 30_000);

  it('writes one set of events for a command sent to two instances at once', async () => {
    const bearer = await token(['lending-core'], `twins-${process.pid}`);
    const before = committedLog().length;
    const twins = commandsOf(100).filter((c) => c.url === '/v1/consents');
    const answers = await Promise.all(
      twins.map((command) =>
        Promise.all(
          [0, 2].map((instance) =>
            send(instance, 'POST', command.url, { body: command.body, key: command.key, token: bearer }),
          ),
        ),
      ),
    );
    const log = committedLog();
    const bothFresh = answers.filter(([a, b]) => !a.body.replayed && !b.body.replayed).length;
    // Whichever instance lost the race answers with what the winner stored, as a replay.
    const stored = new Map(log.map((e) => [e.id, e.recordedAt]));
    const notAsStored = answers
      .flat()
      .filter((a) => stored.get(a.body.events[0].eventId) !== a.body.recordedAt)
      .map((a) => a.body.events[0].eventId);
    expect(notAsStored).toEqual([]);
    process.stdout.write(
      `several instances: ${answers.length} commands sent to two instances at once, ${bothFresh} answered as fresh by both\n`,
    );
    for (const [i, [a, b]] of answers.entries()) {
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.subjectId).toBe(a.body.subjectId);
      expect(b.body.events.map((e: { eventId: string }) => e.eventId)).toEqual(
        a.body.events.map((e: { eventId: string }) => e.eventId),
      );
      const digest = digests.command(twins[i].key);
      expect(log.filter((e) => e.commandId === digest && e.stream.startsWith('subject-'))).toHaveLength(
        a.body.events.length,
      );
    }
    expect(log.length).toBeGreaterThan(before);
  }, 30_000);

  it('holds one IIN-guessing budget across the three instances', async () => {
    const bearer = await token(['lending-core'], `guesser-${process.pid}-${Date.now()}`);
    const statuses: number[][] = [[], [], []];
    for (let i = 0; i < IIN_BUDGET + 12; i++) {
      const reply = await send(i % 3, 'POST', '/v1/subjects/resolve', { body: { iin: newIin() }, token: bearer });
      statuses[i % 3].push(reply.status);
    }
    const all = statuses.flat();
    expect(all.filter((s) => s === 200)).toHaveLength(IIN_BUDGET);
    expect(all.filter((s) => s === 429)).toHaveLength(12);
    // Each instance refused once the budget spent on all of them ran out.
    for (const perInstance of statuses) expect(perInstance.slice(-4)).toEqual([429, 429, 429, 429]);
  }, 30_000);

  it('erases through one instance, and every instance forgets the IIN and says subject-erased', async () => {
    const person = acks.find((a) => a.command.url === '/v1/consents' && a.command.key.startsWith('grant-0-'))!;
    const admin = await token(['compliance-admin'], 'admin');
    const erased = await send(0, 'POST', '/v1/erasures', {
      token: admin,
      key: `erase-${process.pid}`,
      body: {
        iin: person.command.iin,
        reason: 'court-decision',
        legalReference: 'Медеуский районный суд г. Алматы, дело 2-5511/2026',
        occurredAt: new Date().toISOString(),
      },
    });
    expect(erased.status).toBe(201);
    expect(erased.body).toMatchObject({ subjectId: person.body.subjectId, keyDestroyed: true });
    const core = await token(['lending-core'], `after-erasure-${process.pid}`);
    const auditor = await token(['auditor'], `auditor-${process.pid}`);
    for (const instance of [0, 1, 2]) {
      const resolved = await send(instance, 'POST', '/v1/subjects/resolve', {
        body: { iin: person.command.iin },
        token: core,
      });
      expect({ instance, body: resolved.body }).toEqual({ instance, body: { known: false } });
      const check = await send(
        instance,
        'GET',
        `/v1/subjects/${person.body.subjectId}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau` +
          `&dataCategories=iin&minPosition=${encodeURIComponent(erased.body.position)}`,
        { token: auditor },
      );
      expect({ instance, body: check.body }).toMatchObject({
        instance,
        body: {
          allowed: false,
          reasons: [expect.objectContaining({ code: 'subject-erased' })],
          projection: { reachedMinPosition: true },
        },
      });
    }
    expect(
      await schema.query('SELECT destroyed_at FROM data_keys WHERE owner = $1 AND wrapped IS NULL', [
        person.body.subjectId,
      ]),
    ).toHaveLength(1);
  }, 30_000);

  it('signs each head once when all three sign at once, and the export verifies under the pinned key', async () => {
    const auditor = await token(['auditor'], `auditor-${process.pid}`);
    // Every instance has folded the whole log before they race to sign it.
    const reader = await loadEsdbEventStore().connect(double.connectionString);
    const head = (await reader.headPosition())!;
    await reader.close();
    for (const instance of [0, 1, 2]) {
      const policies = await send(instance, 'GET', `/v1/policies?minPosition=${encodeURIComponent(head)}`, {
        token: auditor,
      });
      expect({ instance, projection: policies.body.projection }).toMatchObject({
        instance,
        projection: { reachedMinPosition: true },
      });
    }
    const signed = await Promise.all(
      [0, 1, 2].map((i) => send(i, 'POST', '/v1/integrity/checkpoints', { token: auditor })),
    );
    expect(signed.map((s) => s.status)).toEqual([201, 201, 201]);
    // One checkpoint per head, in one chain, whoever signed it: an instance that had already folded
    // another's checkpoint signs the head after it; no head is ever signed twice.
    const stream = committedLog().filter((e) => e.stream === 'checkpoint-log');
    const written = signed.filter((s) => s.body.written);
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(stream.map((e) => e.id).sort()).toEqual(written.map((s) => s.body.eventId).sort());
    expect(new Set(written.map((s) => s.body.eventsCovered)).size).toBe(written.length);
    for (const answer of signed) expect(stream.map((e) => e.id)).toContain(answer.body.eventId);

    const exported = await fetch(`http://127.0.0.1:${instances[1].port}/v1/exports/log`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(exported.status).toBe(200);
    const file = join(instances[1].dir, 'log.ndjson');
    writeFileSync(file, await exported.text());
    const verify = spawnSync(
      process.execPath,
      [
        '-r',
        'tsconfig-paths/register',
        join(root, 'dist/apps/audit/src/main.js'),
        'verify',
        file,
        '--key-fingerprint',
        fingerprint,
      ],
      { cwd: root, env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist') }, encoding: 'utf8', timeout: 30_000 },
    );
    expect({ status: verify.status, stdout: verify.stdout, stderr: verify.stderr }).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^OK whole log/),
    });
  }, 30_000);

  /** What each live instance says of itself: in readiness, and in the gauge. */
  async function deliverers(): Promise<{ instance: number; ready: boolean; gauge: boolean }[]> {
    const auditor = await token(['auditor'], `auditor-${process.pid}`);
    const live = [0, 1, 2].filter((i) => instances[i].child.exitCode === null && !instances[i].child.signalCode);
    return Promise.all(
      live.map(async (instance) => {
        const ready = await send(instance, 'GET', '/health/ready', { token: auditor });
        const metrics = await fetch(`http://127.0.0.1:${instances[instance].port}/metrics`, {
          headers: { authorization: `Bearer ${auditor}` },
        });
        return {
          instance,
          ready: ready.body.webhooks.deliverer as boolean,
          gauge: /^ledger_webhook_deliverer 1$/m.test(await metrics.text()),
        };
      }),
    );
  }

  /** A person granted and then withdrawn from advertising through `instance`: one notification. */
  let withdrawing = 200;
  async function withdrawal(instance: number): Promise<string> {
    const [granted, , withdrawn] = commandsOf(withdrawing++).slice(0, 3);
    const bearer = await token(['lending-core'], `withdrawing-${process.pid}`);
    const grantAck = await deliver(granted, instance, bearer);
    expect(grantAck).toMatchObject({ status: 201, instance });
    expect(await deliver(withdrawn, instance, bearer)).toMatchObject({
      status: 200,
      instance,
    });
    return grantAck.body.subjectId;
  }

  it('delivers each notification from one instance, and another takes over when that one is killed', async () => {
    const admin = await token(['compliance-admin'], 'admin');
    const configured = await send(1, 'POST', '/v1/webhooks/subscribers', {
      token: admin,
      key: `subscriber-${process.pid}`,
      body: {
        url: await receiver.start(),
        eventTypes: ['consent.withdrawn'],
        secret: `whsec_${randomBytes(32).toString('base64')}`,
      },
    });
    expect(configured.status).toBe(201);
    await until('one instance says it delivers', async () => (await deliverers()).some((d) => d.ready));
    const before = await deliverers();
    const deliverer = before.find((d) => d.ready)!.instance;
    // Exactly one says so, in readiness and in the gauge alike.
    expect(before).toEqual([0, 1, 2].map((i) => ({ instance: i, ready: i === deliverer, gauge: i === deliverer })));

    // Withdrawn through an instance that does not deliver: the deliverer sends it, alone.
    const first = await withdrawal((deliverer + 1) % 3);
    await until('the first withdrawal arrives', () => receiver.received.some((r) => r.subjectId === first));
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(receiver.received.filter((r) => r.subjectId === first)).toHaveLength(1);

    const killedAt = Date.now();
    instances[deliverer].child.kill('SIGKILL');
    await exited(instances[deliverer].child);
    const survivor = (deliverer + 1) % 3;
    const second = await withdrawal(survivor);
    await until('the second withdrawal arrives', () => receiver.received.some((r) => r.subjectId === second));
    const tookMs = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, QUIET_MS));
    process.stdout.write(
      `webhook deliverer: the next notification arrived ${tookMs} ms after the deliverer was killed\n`,
    );
    // Bounded by a few of the others' tries at the lock.
    expect(tookMs).toBeLessThan(10 * DELIVERER_POLL_MS + 3000);

    // Nothing sent twice: the new deliverer went on from where the killed one had got to.
    expect(receiver.received.map((r) => r.subjectId)).toEqual([first, second]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(2);
    const auditor = await token(['auditor'], `auditor-${process.pid}`);
    const attempts = await send(survivor, 'GET', '/v1/webhooks/attempts', { token: auditor });
    expect(
      attempts.body.attempts.map((a: { subjectId: string; outcome: string; attempt: number }) => [
        a.subjectId,
        a.outcome,
        a.attempt,
      ]),
    ).toEqual([
      [first, 'delivered', 1],
      [second, 'delivered', 1],
    ]);
    const after = await deliverers();
    expect(after.filter((d) => d.ready)).toHaveLength(1);
    expect(after.filter((d) => d.gauge)).toHaveLength(1);
  }, 30_000);
});

function grant(iin: string, occurredAt: string) {
  return grantRequest({
    iin,
    subject: { fullName: 'Айгерім Тестқызы Көпдана', phone: '+77011234567' },
    purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
    dataCategories: ['full-name', 'iin', 'credit-history'],
    recipients: ['first-credit-bureau', 'advertising-partners'],
    collectionMethod: 'sms-one-time-code',
    evidence: [{ kind: 'sms-log', reference: 'sms-gw/784512' }],
    occurredAt,
  });
}

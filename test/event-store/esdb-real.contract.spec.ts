import { EventStoreDBClient, NO_STREAM, jsonEvent } from '@eventstore/db-client';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { eventStoreContract } from '../../libs/event-store/src/contract/event-store.contract';
import { EsdbEventStore, EsdbEventStoreOptions } from '../../libs/event-store/src/esdb/esdb-event-store';
import {
  AppendOutcomeUnknownError,
  EventToAppend,
  PositionNotInLogError,
  StoreUnavailableError,
  SubscriptionMessage,
} from '../../libs/event-store/src/event-store';

/**
 * The event store contract, and the failure paths the protocol double plays, against a real
 * EventStoreDB 24.10 in containers (testcontainers), run only where a container runtime answers.
 * Alternatively ESDB_CONNECTION_STRING points at a running server (the contract and the system-event
 * check only: the other cases restart, wipe or partition servers they own).
 * Set ESDB_REAL=required (e.g. in CI) to fail instead of skipping when neither is available.
 *
 * The three-node cluster cases (a follower, a leader without quorum) start three more containers;
 * they run with ESDB_REAL_CLUSTER=1 or ESDB_REAL=required.
 *
 * Jest collects tests synchronously, so the runtime is detected at module load: the places
 * testcontainers looks, then its own getContainerRuntimeClient() in a child process, which pings it.
 */
const IMAGE = 'eventstore/eventstore:24.10';
const external = process.env.ESDB_CONNECTION_STRING;
const required = process.env.ESDB_REAL === 'required';
const runtime = external ? { found: true as const } : detectContainerRuntime();
const owned = runtime.found && !external;
const cluster = owned && (required || process.env.ESDB_REAL_CLUSTER === '1');

if (!runtime.found) {
  const message = `[esdb-real] skipped: no container runtime (${runtime.reason})`;
  if (required) throw new Error(message);
  // Straight to stderr: Jest does not show the console of a file whose tests are all skipped.
  process.stderr.write(`\n${message}\n`);
} else if (!cluster) {
  process.stderr.write(
    `\n[esdb-real] the three-node cluster cases are skipped: ${
      external ? 'ESDB_CONNECTION_STRING names a server this suite does not own' : 'set ESDB_REAL_CLUSTER=1 to run them'
    }\n`,
  );
}

const patient: EsdbEventStoreOptions = { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 1000, attemptTimeoutMs: 5000 };

(runtime.found ? describe : describe.skip)(`EsdbEventStore on a real EventStoreDB (${external ?? IMAGE})`, () => {
  const containers: StartedTestContainer[] = [];
  let connectionString = external ?? '';

  /** A single insecure node; in memory unless `onDisk`, on a fixed host port when given one. */
  async function startNode(options: { onDisk?: boolean; hostPort?: number } = {}): Promise<StartedTestContainer> {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        ...(options.onDisk ? {} : { EVENTSTORE_MEM_DB: 'true' }),
      })
      .withExposedPorts(options.hostPort ? { container: 2113, host: options.hostPort } : 2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
      .withStartupTimeout(180_000)
      .start();
    containers.push(container);
    return container;
  }
  const urlOf = (container: StartedTestContainer) =>
    `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;

  beforeAll(async () => {
    if (external) return;
    connectionString = urlOf(await startNode());
  }, 240_000);

  afterAll(async () => {
    await Promise.all(containers.map((c) => c.stop()));
  }, 120_000);

  eventStoreContract(`EventStoreDB ${external ? 'server' : IMAGE}`, {
    open: async () => EsdbEventStore.connect(connectionString),
    // A second server, fresh: what a wiped volume looks like to a ledger whose read models survived.
    ...(owned
      ? {
          openWiped: async () => {
            const wiped = await startNode();
            const store = EsdbEventStore.connect(urlOf(wiped));
            return {
              store,
              dispose: async () => {
                await store.close();
                await wiped.stop();
              },
            };
          },
        }
      : {}),
  });

  it("keeps the server's own events out of read-all and the head position", async () => {
    const store = EsdbEventStore.connect(connectionString);
    const raw = EventStoreDBClient.connectionString(connectionString);
    try {
      const s = stream('real');
      const start = await store.headPosition();
      const written = await store.append(s, [event('Granted')], 'no-stream');
      await raw.setStreamMetadata(s, { maxAge: 3600 }); // a `$metadata` event after ours
      const read = await store.readAll({ after: start, maxCount: 100 });
      expect(read.filter((e) => e.type.startsWith('$') || e.stream.startsWith('$'))).toEqual([]);
      expect(read.map((e) => e.stream)).toContain(s);
      expect(store.comparePositions((await store.headPosition())!, written.position)).toBe(0);
    } finally {
      await store.close();
      await raw.dispose();
    }
  });

  (owned ? describe : describe.skip)('a node restarted on the same volume', () => {
    let node: StartedTestContainer;
    let url: string;
    beforeAll(async () => {
      node = await startNode({ onDisk: true, hostPort: await freePort() });
      url = urlOf(node);
    }, 240_000);

    it('rides out a graceful restart: appends made during it are written once and subscriptions resume', async () => {
      const store = EsdbEventStore.connect(url, patient);
      try {
        const s = stream('restart');
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const iterator = subscription[Symbol.asyncIterator]();
        while ((await next(iterator)).kind !== 'caught-up');
        await store.append(s, [event('Before')], 'no-stream');
        const restarting = node.restart(); // SIGTERM: the node shuts down, then starts and elects itself
        const during = store.append(s, [event('During')], 0);
        await restarting;
        expect((await during).nextRevision).toBe(1);
        await store.append(s, [event('After')], 1);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Before', 'During', 'After']);
        const seen: string[] = [];
        while (seen.length < 3) {
          const message = await next(iterator, 120_000);
          if (message.kind === 'event' && message.event.stream === s) seen.push(message.event.type);
        }
        expect(seen).toEqual(['Before', 'During', 'After']);
        await subscription.close();
      } finally {
        await store.close();
      }
    }, 240_000);

    it("forgets the ids of 'any' appends on restart, never those of exact revisions", async () => {
      const s = stream('forgets');
      const batch = [
        jsonEvent({ id: randomUUID(), type: 'A', data: {} }),
        jsonEvent({ id: randomUUID(), type: 'B', data: {} }),
      ];
      let raw = EventStoreDBClient.connectionString(url);
      await raw.appendToStream(s, batch, { expectedRevision: NO_STREAM });
      await raw.appendToStream(s, batch); // 'any', remembered
      await raw.dispose();
      await node.restart();
      raw = EventStoreDBClient.connectionString(url);
      try {
        await retrying(() => raw.appendToStream(s, batch, { expectedRevision: NO_STREAM })); // exact: still idempotent
        expect(await typesOf(raw, s)).toEqual(['A', 'B']);
        await raw.appendToStream(s, batch); // 'any' after a restart: written again
        expect(await typesOf(raw, s)).toEqual(['A', 'B', 'A', 'B']);
      } finally {
        await raw.dispose();
      }
    }, 240_000);
  });

  (owned ? it : it.skip)(
    'refuses a position that falls inside a record of a wiped log that has grown past it',
    async () => {
      const store = EsdbEventStore.connect(connectionString);
      const wiped = await startNode();
      const onWiped = EsdbEventStore.connect(urlOf(wiped), patient);
      try {
        const written = await store.append(stream(), [event('Saved', { pad: 'x'.repeat(3000) })], 'no-stream');
        const checkpoint = written.position;
        // Grow the new log in odd-sized steps until it reaches past the saved position.
        let n = 0;
        for (;;) {
          const head = await onWiped.headPosition();
          if (head && onWiped.comparePositions(head, checkpoint) > 0) break;
          await onWiped.append(stream(), [event('Filler', { pad: 'y'.repeat(50_000 + 7 * n++) })], 'no-stream');
        }
        await expect(onWiped.readAll({ after: checkpoint, maxCount: 10 })).rejects.toBeInstanceOf(
          PositionNotInLogError,
        );
      } finally {
        await Promise.all([store.close(), onWiped.close()]);
        await wiped.stop();
      }
    },
    600_000,
  );

  (cluster ? describe : describe.skip)('a three-node cluster', () => {
    let network: StartedNetwork;
    const nodes: { container: StartedTestContainer; url: string; alias: string; hostPort: number }[] = [];

    beforeAll(async () => {
      const { GenericContainer, Network, Wait } = await import('testcontainers');
      network = await new Network().start();
      const aliases = ['esdb-a', 'esdb-b', 'esdb-c'];
      const ports = [await freePort(), await freePort(), await freePort()];
      const started = await Promise.all(
        aliases.map((alias, i) =>
          new GenericContainer(IMAGE)
            .withNetwork(network)
            .withNetworkAliases(alias)
            .withEnvironment({
              EVENTSTORE_INSECURE: 'true',
              EVENTSTORE_RUN_PROJECTIONS: 'None',
              EVENTSTORE_MEM_DB: 'true',
              EVENTSTORE_CLUSTER_SIZE: '3',
              EVENTSTORE_DISCOVER_VIA_DNS: 'false',
              EVENTSTORE_GOSSIP_SEED: aliases
                .filter((a) => a !== alias)
                .map((a) => `${a}:2113`)
                .join(','),
              EVENTSTORE_REPLICATION_IP: '0.0.0.0',
              EVENTSTORE_NODE_IP: '0.0.0.0',
              EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS: alias,
              EVENTSTORE_NODE_HOST_ADVERTISE_AS: alias,
              // Clients (this process) reach each node on its own fixed host port, also after a redirect.
              EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS: '127.0.0.1',
              EVENTSTORE_ADVERTISE_NODE_PORT_TO_CLIENT_AS: String(ports[i]),
            })
            .withExposedPorts({ container: 2113, host: ports[i] })
            .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((c) => c >= 200 && c < 300))
            .withStartupTimeout(240_000)
            .start(),
        ),
      );
      started.forEach((container, i) => {
        containers.push(container);
        nodes.push({ container, alias: aliases[i], hostPort: ports[i], url: `esdb://127.0.0.1:${ports[i]}?tls=false` });
      });
      await waitForLeader(nodes.map((n) => n.hostPort));
    }, 360_000);

    afterAll(async () => {
      await network?.stop().catch(() => undefined);
    }, 60_000);

    it('reads its own writes when pointed at a follower: the follower redirects to the leader', async () => {
      const roles = await waitForLeader(nodes.map((n) => n.hostPort));
      const follower = nodes.find((n) => roles.get(n.hostPort) === 'Follower')!;
      const store = EsdbEventStore.connect(follower.url, patient);
      try {
        const s = stream('follower');
        for (let i = 0; i < 20; i++) {
          await store.append(s, [event(`E${i}`)], i === 0 ? 'no-stream' : i - 1);
          const read = await store.readStream(s);
          expect(read).toHaveLength(i + 1);
          const head = await store.headPosition();
          expect(store.comparePositions(head!, read[i].position)).toBe(0);
        }
      } finally {
        await store.close();
      }
    }, 240_000);

    it('says the outcome is unknown when a leader without quorum cannot commit; the same append later finds it once', async () => {
      const roles = await waitForLeader(nodes.map((n) => n.hostPort));
      const leader = nodes.find((n) => roles.get(n.hostPort) === 'Leader')!;
      const followers = nodes.filter((n) => n !== leader);
      const store = EsdbEventStore.connect(leader.url, { maxAttempts: 3, baseDelayMs: 100, attemptTimeoutMs: 10_000 });
      const { getContainerRuntimeClient } = await import('testcontainers');
      const docker = await getContainerRuntimeClient();
      const s = stream('quorum');
      const batch = [event('A'), event('B')];
      try {
        await store.append(stream('warm'), [event('Warm')], 'no-stream');
        await Promise.all(followers.map((f) => docker.container.getById(f.container.getId()).pause()));
        const error = await store.append(s, batch, 'no-stream').catch((e: unknown) => e);
        // A commit timeout (outcome unknown), or a leader that already stepped down (nothing written).
        expect(
          error instanceof AppendOutcomeUnknownError ||
            (error instanceof StoreUnavailableError && error.failure === 'not-ready'),
        ).toBe(true);
      } finally {
        await Promise.all(followers.map((f) => docker.container.getById(f.container.getId()).unpause()));
      }
      await waitForLeader(nodes.map((n) => n.hostPort));
      const again = EsdbEventStore.connect(
        `esdb://${nodes.map((n) => `127.0.0.1:${n.hostPort}`).join(',')}?tls=false&nodePreference=leader`,
        patient,
      );
      try {
        expect((await again.append(s, batch, 'no-stream')).nextRevision).toBe(1);
        expect((await again.readStream(s)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      } finally {
        await Promise.all([store.close(), again.close()]);
      }
    }, 300_000);
  });
});

// --- helpers ------------------------------------------------------------------------------------

let seq = 0;
function stream(category = 'real'): string {
  return `${category}-${process.pid}x${Date.now().toString(36)}x${++seq}`;
}

function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data: { type, ...data }, metadata: { $correlationId: randomUUID() } };
}

async function next(iterator: AsyncIterator<SubscriptionMessage>, ms = 30_000): Promise<SubscriptionMessage> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    iterator.next(),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
  if (result.done) throw new Error('subscription ended');
  return result.value;
}

async function typesOf(client: EventStoreDBClient, s: string): Promise<string[]> {
  const types: string[] = [];
  for await (const resolved of client.readStream(s)) types.push(resolved.event!.type);
  return types;
}

/** Retries `action` while the server is still starting (a raw client does not retry by itself). */
async function retrying<T>(action: () => Promise<T>, tries = 60): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await action();
    } catch (error) {
      if (tried >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Each node's state from its gossip, once one of them is the leader; keyed by host port. */
async function waitForLeader(hostPorts: number[], ms = 180_000): Promise<Map<number, string>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const roles = new Map<number, string>();
    for (const port of hostPorts) {
      try {
        const gossip = (await (await fetch(`http://127.0.0.1:${port}/gossip`)).json()) as Record<string, unknown>;
        // MemberInfoDto (Messages/MemberInfoDto.cs), whatever the casing of its property names.
        const field = (o: unknown, name: string) =>
          Object.entries(o as Record<string, unknown>).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
        for (const member of (field(gossip, 'members') as unknown[]) ?? []) {
          const advertised = Number(field(member, 'advertiseHttpPortToClientAs') || field(member, 'httpEndPointPort'));
          if (field(member, 'isAlive')) roles.set(advertised, String(field(member, 'state')));
        }
      } catch {
        // Not answering yet.
      }
    }
    const states = hostPorts.map((p) => roles.get(p));
    if (states.filter((s) => s === 'Leader').length === 1 && states.filter((s) => s === 'Follower').length === 2) {
      return roles;
    }
    if (Date.now() > deadline) throw new Error(`no settled cluster within ${ms} ms: ${JSON.stringify([...roles])}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function detectContainerRuntime(): { found: true } | { found: false; reason: string } {
  const candidates = candidateHosts();
  if (candidates.length === 0) {
    return {
      found: false,
      reason: 'DOCKER_HOST unset, no ~/.testcontainers.properties host, no Docker or Podman socket',
    };
  }
  // A socket file can outlive its daemon: let testcontainers itself connect and ping.
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('testcontainers').getContainerRuntimeClient().then(() => process.exit(0), () => process.exit(1))"],
    { cwd: join(__dirname, '..', '..'), timeout: 20_000, stdio: 'ignore' },
  );
  if (probe.status === 0) return { found: true };
  const why = probe.error ? probe.error.message : probe.signal ? `timed out (${probe.signal})` : 'ping failed';
  return { found: false, reason: `${candidates.join(', ')} present but not answering: ${why}` };
}

/** The places testcontainers 11 looks, checked without connecting. */
function candidateHosts(): string[] {
  const found: string[] = [];
  if (process.env.DOCKER_HOST) found.push(`DOCKER_HOST=${process.env.DOCKER_HOST}`);
  const properties = join(homedir(), '.testcontainers.properties');
  if (existsSync(properties) && /^\s*(docker\.host|tc\.host)\s*=/m.test(readFileSync(properties, 'utf8'))) {
    found.push(properties);
  }
  const sockets =
    process.platform === 'win32'
      ? ['//./pipe/docker_engine']
      : [
          '/var/run/docker.sock',
          process.env.XDG_RUNTIME_DIR && join(process.env.XDG_RUNTIME_DIR, 'docker.sock'),
          join(homedir(), '.docker', 'run', 'docker.sock'),
          join(homedir(), '.docker', 'desktop', 'docker.sock'),
          `/run/user/${userInfo().uid}/docker.sock`,
        ];
  for (const socket of sockets) if (socket && existsSync(socket)) found.push(socket);
  return found;
}

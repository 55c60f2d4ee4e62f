import { Logger } from '@nestjs/common';
import { AdvisoryLockLeadership, WEBHOOK_DELIVERER_LOCK } from '../../apps/ledger/src/infrastructure/leadership';
import { freshSchema, PostgresSchema } from '../support/shared-services';
import { until } from '../support/webhook-receiver';

/**
 * The deliverer lock against a real PostgreSQL: one holder at a time per schema; a holder whose
 * session the server ends says so before anyone else holds the lock, and another takes it over.
 */
const POLL_MS = 50;
const quiet = { log: () => undefined, warn: () => undefined } as unknown as Logger;

describe('the webhook deliverer lock', () => {
  let schema: PostgresSchema;
  let other: PostgresSchema;
  const opened: AdvisoryLockLeadership[] = [];
  const events: string[] = [];

  function candidate(name: string, where = () => schema, pollMs = POLL_MS): AdvisoryLockLeadership {
    const leadership = new AdvisoryLockLeadership(where().url, pollMs, quiet);
    leadership.start((leading) => events.push(`${name} ${leading ? 'leads' : 'stopped'}`));
    opened.push(leadership);
    return leadership;
  }

  beforeAll(async () => {
    schema = await freshSchema('lock');
    other = await freshSchema('lock');
  });
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
    await schema?.drop();
    await other?.drop();
  });

  it('has one holder; when the server ends its session it stops first, and another takes over', async () => {
    // a, once its session is ended, would try again only after a minute, as a killed instance never
    // would: the take-overs below are b's and c's alone (else a, back first, could win either race).
    const a = candidate('a', () => schema, 60_000);
    await until('a leads', () => a.leading);
    const b = candidate('b');
    const c = candidate('c');
    await new Promise((r) => setTimeout(r, 5 * POLL_MS));
    expect([a.leading, b.leading, c.leading]).toEqual([true, false, false]);
    // A ledger on another schema of the same database has a lock of its own.
    const elsewhere = candidate('elsewhere', () => other);
    await until('the other schema has its own deliverer', () => elsewhere.leading);

    const [holder] = await schema.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1
         AND objid = (hashtext($2)::int8 & 4294967295)::oid AND objsubid = 2`,
      [WEBHOOK_DELIVERER_LOCK.classId, schema.name],
    );
    expect(holder).toBeDefined();
    await schema.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    await until('another takes over', () => b.leading || c.leading);
    expect(a.leading).toBe(false);
    expect(events.filter((e) => !e.startsWith('elsewhere'))).toEqual([
      'a leads',
      'a stopped',
      b.leading ? 'b leads' : 'c leads',
    ]);
    expect([b, c].filter((l) => l.leading)).toHaveLength(1);

    // Closed on shutdown, the holder lets the lock go at once; the one left takes it.
    const next = b.leading ? b : c;
    const last = b.leading ? c : b;
    await next.close();
    await until('the last one takes over', () => last.leading);
    expect(next.leading).toBe(false);
  });
});

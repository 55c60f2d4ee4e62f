import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { Received, until, WebhookReceiver } from '../support/webhook-receiver';
import { grantRequest, withdrawalRequest } from '../support/requests';

/**
 * Webhooks to the lending core, end to end over loopback HTTP: a receiver that refuses its first
 * deliveries, then a ledger stopped while a delivery is on its way and started again. Every
 * notification arrives, a duplicate only ever carries the id of the one it repeats, each person's
 * notifications arrive in log order, and every signature verifies with the library's verifier.
 */
const SECRET = `whsec_${Buffer.from('a receiver secret of 32 bytes!!!').toString('base64')}`;
const ENV = {
  LEDGER_WEBHOOK_POLL_MS: '25',
  LEDGER_WEBHOOK_RETRY_BASE_MS: '10',
  LEDGER_WEBHOOK_RETRY_MAX_MS: '100',
  LEDGER_WEBHOOK_FAILING_AFTER: '3',
};

describe('webhooks', () => {
  let ledger: Ledger;
  const receiver = new WebhookReceiver();
  let url: string;
  let subscriberId: string;

  beforeAll(async () => {
    url = await receiver.start();
    ledger = await startLedger(undefined, { env: ENV });
  });
  afterAll(async () => {
    await ledger.close();
    await receiver.close();
    removeDir(ledger.dir);
  });

  const grant = (iin: string) =>
    ledger.command(
      '/v1/consents',
      key('grant'),
      grantRequest({
        iin,
        purposes: ['microcredit-contract', 'advertising'],
        dataCategories: ['iin', 'mobile-phone'],
        recipients: ['advertising-partners'],
        occurredAt: ago(ledger, 5 * DAY),
      }),
    );
  const withdraw = (iin: string, purposes: string[], daysAgo: number) =>
    ledger.command(
      '/v1/withdrawals',
      key('withdraw'),
      withdrawalRequest(iin, { purposes }, ago(ledger, daysAgo * DAY)),
    );

  /** A few people, each with several notifications, interleaved in the log. */
  async function someFacts(people: string[]) {
    for (const iin of people) expect((await grant(iin)).status).toBe(201);
    for (const iin of people) expect((await withdraw(iin, ['advertising'], 3)).status).toBe(200);
    for (const iin of people) expect((await withdraw(iin, ['microcredit-contract'], 2)).status).toBe(200);
  }

  it('configures a subscriber as an audited fact, its secret sealed', async () => {
    // One instant, read once: read twice, the clock moves on and the version would take effect before it was published.
    const publishedAt = ago(ledger, 20 * DAY);
    const policy = await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: publishedAt,
      occurredAt: publishedAt,
      materialChange: true,
      texts: { kk: { sha256: 'b'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    expect({ status: policy.status, body: policy.status === 201 ? undefined : policy.body }).toEqual({ status: 201 });
    const bad = await ledger.request(
      'POST',
      '/v1/webhooks/subscribers',
      { url, eventTypes: ['nope'], secret: SECRET },
      {
        'idempotency-key': key('hook'),
      },
    );
    expect(bad.status).toBe(400);
    const notAdmin = await ledger.request(
      'POST',
      '/v1/webhooks/subscribers',
      { url, eventTypes: ['consent.withdrawn'], secret: SECRET },
      { 'idempotency-key': key('hook') },
      ['lending-core'],
    );
    expect(notAdmin.status).toBe(403);
    // Credentials in the URL would be kept in the log in clear and shown to every auditor: the
    // secret is the only credential, and it is sealed.
    const withCredentials = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
      url: url.replace('http://', 'http://core:s3cret@'),
      eventTypes: ['consent.withdrawn'],
      secret: SECRET,
    });
    expect(withCredentials.status).toBe(400);
    expect(withCredentials.body.errors).toEqual([expect.objectContaining({ field: 'url', code: 'url-credentials' })]);
    // A list of codes is a set, here as on every command: a type named twice is an ambiguous request.
    const twice = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
      url,
      eventTypes: ['consent.withdrawn', 'consent.withdrawn'],
      secret: SECRET,
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'eventTypes' })]);

    receiver.mode = 'fail';
    const configured = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
      url,
      eventTypes: ['consent.withdrawn', 'withdrawal.refused', 'subject.erased', 'policy.reacceptance-required'],
      secret: SECRET,
    });
    expect(configured.status).toBe(201);
    subscriberId = configured.body.subscriberId;
    const [event] = await ledger.store.readStream(`webhook-${subscriberId}`);
    expect(event.type).toBe('WebhookSubscriberConfigured');
    expect(event.metadata.actor).toMatchObject({ role: 'compliance-admin' });
    expect(JSON.stringify(event.data)).not.toContain(SECRET);
  });

  it('retries with backoff, marks a refusing receiver failing, and delivers once it answers', async () => {
    await someFacts([newIin(), newIin()]);
    const attempts = async () =>
      (await ledger.request('GET', `/v1/webhooks/attempts?subscriberId=${subscriberId}`, undefined, {}, ['auditor']))
        .body.attempts;
    await until('three failed attempts are recorded', async () => (await attempts()).length >= 3);
    const subscribers = await ledger.request('GET', '/v1/webhooks/subscribers', undefined, {}, ['auditor']);
    expect(subscribers.body.subscribers[0]).toMatchObject({ subscriberId, status: 'failing' });
    expect(subscribers.body.subscribers[0].failures).toBeGreaterThanOrEqual(3);
    expect(receiver.received).toEqual([]);
    const failed = await attempts();
    // Every failure is a try of the first notification, numbered, with the next try scheduled.
    expect(new Set(failed.map((a: { notificationId: string }) => a.notificationId)).size).toBe(1);
    expect(failed.slice(0, 3)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', statusCode: 500, retryAt: expect.any(String) }),
      expect.objectContaining({ attempt: 2, outcome: 'failed', statusCode: 500 }),
      expect.objectContaining({ attempt: 3, outcome: 'failed', statusCode: 500 }),
    ]);

    receiver.mode = 'ok';
    const expected = await wanted();
    await until(
      'every notification is delivered',
      () => new Set(receiver.received.map((r) => r.id)).size >= expected.length,
    );
    const after = await ledger.request('GET', '/v1/webhooks/subscribers', undefined, {}, ['auditor']);
    expect(after.body.subscribers[0]).toMatchObject({ status: 'active', failures: 0 });
  });

  it('records every read of the delivery attempts in the access log: each names a person, as the pull feed does', async () => {
    const read = await ledger.request(
      'GET',
      `/v1/webhooks/attempts?subscriberId=${subscriberId}&limit=5`,
      undefined,
      {},
      ['auditor'],
    );
    expect(read.status).toBe(200);
    expect(read.body.attempts.length).toBeGreaterThan(0);
    expect(read.body.attempts[0].subjectId).toMatch(/^[0-9a-f]{32}$/);
    const log = await ledger.request('GET', '/v1/access-log?limit=5000', undefined, {}, ['auditor']);
    const looks = log.body.entries.filter((e: { view: string }) => e.view === 'webhook-attempts');
    expect(looks.at(-1)).toMatchObject({
      accessor: { role: 'auditor' },
      parameters: { subscriberId, limit: '5' },
      records: read.body.attempts.length,
    });
  });

  it('pages the attempts: a next only while more follow', async () => {
    const page = async (query: string) =>
      (await ledger.request('GET', `/v1/webhooks/attempts?subscriberId=${subscriberId}&${query}`)).body as {
        attempts: { attemptId: number }[];
        next?: number;
      };
    const all = (await page('limit=1000')).attempts.map((a) => a.attemptId);
    expect(all.length).toBeGreaterThan(1);
    // A page holding exactly what is left is the last: no next that leads to an empty page.
    expect((await page(`limit=${all.length}`)).next).toBeUndefined();
    const first = await page(`limit=${all.length - 1}`);
    expect(first.next).toBe(all[all.length - 2]);
    const rest = await page(`limit=${all.length - 1}&after=${first.next}`);
    expect({ ids: rest.attempts.map((a) => a.attemptId), next: rest.next }).toEqual({
      ids: all.slice(-1),
      next: undefined,
    });
  });

  it('delivers everything across a restart mid-delivery, each duplicate under its own id', async () => {
    receiver.mode = 'hang';
    await someFacts([newIin(), newIin(), newIin()]);
    await until('a delivery is on its way', () => receiver.hung > 0);
    const dir = ledger.dir;
    await ledger.close();
    receiver.mode = 'ok';
    ledger = await startLedger(undefined, { dir, env: ENV });
    const refused = newIin();
    expect((await grant(refused)).status).toBe(201);
    await ledger.command('/v1/loans/signed', key('loan'), {
      iin: refused,
      loanId: 'L-9',
      occurredAt: ago(ledger, DAY),
    });
    expect((await withdraw(refused, ['microcredit-contract'], 0.5)).status).toBe(422);

    const expected = await wanted();
    await until(
      'every notification is delivered',
      () => new Set(receiver.received.map((r) => r.id)).size >= expected.length,
    );

    const verifier = new Webhook(SECRET);
    for (const r of receiver.received) {
      expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    }
    const firstOf = new Map<string, Received>();
    for (const r of receiver.received) {
      const earlier = firstOf.get(r.id);
      // A duplicate is the same notification: same id, same content.
      if (earlier) expect(JSON.parse(r.body)).toEqual(JSON.parse(earlier.body));
      else firstOf.set(r.id, r);
    }
    expect([...firstOf.keys()].sort()).toEqual(expected.map((n) => n.id).sort());
    expect(receiver.received.length).toBeGreaterThanOrEqual(expected.length);

    // In order per person: the first arrival of each person's notifications follows the log.
    const byPerson = new Map<string, number[]>();
    const positionOf = new Map(expected.map((n) => [n.id, Number(n.position)]));
    for (const id of firstOf.keys()) {
      const subject = JSON.parse(firstOf.get(id)!.body).data.subjectId ?? 'policy';
      byPerson.set(subject, [...(byPerson.get(subject) ?? []), positionOf.get(id)!]);
    }
    expect(byPerson.size).toBeGreaterThanOrEqual(6);
    for (const positions of byPerson.values()) expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const body = JSON.parse(firstOf.get(expected[expected.length - 1].id)!.body);
    expect(body).toMatchObject({ type: 'withdrawal.refused', data: { reason: { code: 'obligations-unfulfilled' } } });
  });

  it('replays a subscriber from a position with the same ids', async () => {
    const expected = await wanted();
    const from = expected[expected.length - 3].position;
    const before = receiver.received.length;
    const replay = await ledger.command(`/v1/webhooks/subscribers/${subscriberId}/replay`, key('replay'), { from });
    expect(replay.status).toBe(200);
    await until('the replayed notifications arrive', () => receiver.received.length >= before + 2);
    expect(receiver.received.slice(before, before + 2).map((r) => r.id)).toEqual(expected.slice(-2).map((n) => n.id));
    const unknown = await ledger.command(
      '/v1/webhooks/subscribers/0123456789abcdef0123456789abcdef/replay',
      key('r'),
      {},
    );
    expect(unknown.status).toBe(404);
    const badFrom = await ledger.command(`/v1/webhooks/subscribers/${subscriberId}/replay`, key('r'), { from: 'x' });
    expect(badFrom.status).toBe(400);
    // A position past the end of the log would park the subscriber there, skipping all that comes
    // before it: refused as the feed refuses it, and nothing recorded.
    const revision = (await ledger.store.readStream(`webhook-${subscriberId}`)).length;
    for (const from of ['99999999', '1e9']) {
      const past = await ledger.command(`/v1/webhooks/subscribers/${subscriberId}/replay`, key('r'), { from });
      expect({ from, status: past.status }).toEqual({ from, status: from === '1e9' ? 400 : 404 });
    }
    expect(await ledger.store.readStream(`webhook-${subscriberId}`)).toHaveLength(revision);
  });

  /** What the subscriber asked for, from the pull feed (the same notifications, the same ids). */
  async function wanted(): Promise<{ id: string; position: string; type: string }[]> {
    const types = ['consent.withdrawn', 'withdrawal.refused', 'subject.erased', 'policy.reacceptance-required'];
    const reply = await ledger.request('GET', '/v1/changes?limit=1000');
    const configuredAt = Number((await ledger.store.readStream(`webhook-${subscriberId}`))[0].position);
    return reply.body.changes.filter(
      (c: { type: string; position: string }) => types.includes(c.type) && Number(c.position) > configuredAt,
    );
  }

  it('says in readiness and in its metrics that, alone, this process delivers', async () => {
    const ready = await ledger.request('GET', '/health/ready', undefined, {}, ['auditor']);
    expect(ready.body.webhooks).toEqual({ kind: 'this-process', deliverer: true });
    const metrics = await ledger.request('GET', '/metrics', undefined, {}, ['auditor']);
    expect(String(metrics.body)).toMatch(/^ledger_webhook_deliverer 1$/m);
  });

  it('says of a subscriber whose secret cannot be unsealed that its deliveries wait, and sends it nothing', async () => {
    const other = `whsec_${Buffer.from('another receiver secret, 32 b!!!').toString('base64')}`;
    const configured = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
      url,
      eventTypes: ['consent.withdrawn'],
      secret: other,
    });
    expect(configured.status).toBe(201);
    const unsigned = configured.body.subscriberId;
    // A key store restored from before the subscriber (or, with several instances, not the shared one).
    const dir = ledger.dir;
    await ledger.close();
    const keys = new Database(join(dir, 'keys.sqlite'));
    expect(keys.prepare('DELETE FROM data_keys WHERE owner = ?').run(`webhook.${unsigned}`).changes).toBe(1);
    keys.close();
    ledger = await startLedger(undefined, { dir, env: ENV });

    const before = receiver.received.length;
    await someFacts([newIin()]);
    await until('the first subscriber is told', () => receiver.received.length >= before + 2);
    const listed = await ledger.request('GET', '/v1/webhooks/subscribers', undefined, {}, ['auditor']);
    const statuses = Object.fromEntries(
      listed.body.subscribers.map((s: { subscriberId: string; status: string }) => [s.subscriberId, s.status]),
    );
    expect(statuses).toEqual({ [subscriberId]: 'active', [unsigned]: 'secret-unavailable' });
    const attempts = await ledger.request('GET', `/v1/webhooks/attempts?subscriberId=${unsigned}`, undefined, {}, [
      'auditor',
    ]);
    expect(attempts.body.attempts).toEqual([]);
    const verifier = new Webhook(other);
    for (const r of receiver.received) {
      expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).toThrow();
    }
  });
});

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { until } from '../support/webhook-receiver';
import { grantRequest, withdrawalRequest } from '../support/requests';

/**
 * Webhook receivers as a lending core (or someone else) may run them: one that holds its answer
 * while compliance-admin removes the subscriber, one that redirects, one that answers with a body
 * far larger than anything the ledger would read, and URLs the runtime would never connect to.
 */
const SECRET = `whsec_${Buffer.from('another receiver secret, 32 byte').toString('base64')}`;
const ENV = {
  LEDGER_WEBHOOK_POLL_MS: '25',
  LEDGER_WEBHOOK_RETRY_BASE_MS: '10',
  LEDGER_WEBHOOK_RETRY_MAX_MS: '50',
  LEDGER_WEBHOOK_FAILING_AFTER: '3',
};

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

describe('webhook receivers', () => {
  let ledger: Ledger;
  const servers: Server[] = [];

  /** A receiver on loopback answering as `answer` says; its URL. */
  async function receiver(answer: Answer): Promise<string> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }

  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: ENV });
    const publishedAt = ago(ledger, 20 * DAY);
    const policy = await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: publishedAt,
      occurredAt: publishedAt,
      materialChange: false,
      texts: { kk: { sha256: 'c'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
    });
    expect(policy.status).toBe(201);
  });
  afterAll(async () => {
    await ledger.close();
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    removeDir(ledger.dir);
  });

  const subscribe = async (url: string) => {
    const reply = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
      url,
      eventTypes: ['consent.withdrawn'],
      secret: SECRET,
    });
    expect({ status: reply.status, body: reply.status === 201 ? undefined : reply.body }).toEqual({ status: 201 });
    return reply.body.subscriberId as string;
  };

  /** Withdrawals of `count` people, each one notification. */
  async function withdrawals(count: number) {
    for (let i = 0; i < count; i++) {
      const iin = newIin();
      const grant = grantRequest({
        iin,
        purposes: ['advertising'],
        dataCategories: ['full-name'],
        recipients: ['advertising-partners'],
        occurredAt: ago(ledger, 5 * DAY),
      });
      expect((await ledger.command('/v1/consents', key('grant'), grant)).status).toBe(201);
      const withdrawal = withdrawalRequest(iin, {}, ago(ledger, DAY));
      expect((await ledger.command('/v1/withdrawals', key('withdraw'), withdrawal)).status).toBe(200);
    }
  }

  const subscriber = async (subscriberId: string) =>
    (await ledger.request('GET', '/v1/webhooks/subscribers', undefined, {}, ['auditor'])).body.subscribers.find(
      (s: { subscriberId: string }) => s.subscriberId === subscriberId,
    );

  it('sends a removed subscriber nothing more than what was on its way, however long its backlog', async () => {
    let arrived = 0;
    const held: ServerResponse[] = [];
    // Refusing at first, so that all four are waiting when one is taken and held.
    let mode: 'refuse' | 'hold' | 'take' = 'refuse';
    const url = await receiver((_request, response) => {
      if (mode === 'refuse') return void response.writeHead(503).end();
      arrived += 1;
      if (mode === 'hold') held.push(response);
      else response.writeHead(204).end();
    });
    const subscriberId = await subscribe(url);
    await withdrawals(4);
    mode = 'hold';
    await until('the first notification is on its way', () => held.length === 1);

    const removed = await ledger.command(`/v1/webhooks/subscribers/${subscriberId}/remove`, key('remove'), {});
    expect(removed.status).toBe(200);
    await until('the removal is known', async () => (await subscriber(subscriberId))?.status === 'removed');
    mode = 'take';
    for (const response of held) response.writeHead(204).end();
    // Time for the three notifications behind it, had they been sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(arrived).toBe(1);
  });

  it('shows a removed subscriber without a next try, since nothing will be tried again', async () => {
    const url = await receiver((_request, response) => void response.writeHead(503).end());
    const subscriberId = await subscribe(url);
    await withdrawals(1);
    await until('a retry is scheduled', async () => (await subscriber(subscriberId))?.nextAttemptAt !== undefined);
    const removed = await ledger.command(`/v1/webhooks/subscribers/${subscriberId}/remove`, key('remove'), {});
    expect(removed.status).toBe(200);
    await until('the removal is known', async () => (await subscriber(subscriberId))?.status === 'removed');
    // It was listed as removed with the time of a try that never comes.
    expect(await subscriber(subscriberId)).not.toHaveProperty('nextAttemptAt');
  });

  it('follows no redirect and reads no answer it is not asked for', async () => {
    let redirectedTo = 0;
    const target = await receiver((_request, response) => {
      redirectedTo += 1;
      response.writeHead(204).end();
    });
    const redirecting = await subscribe(await receiver((_q, response) => response.writeHead(307, { location: target }).end()));
    // 64 MiB, never read: the answer's status is all a delivery needs.
    const huge = await subscribe(
      await receiver((_q, response) => {
        response.writeHead(200, { 'content-length': String(64 << 20) });
        const chunk = Buffer.alloc(1 << 20, 'x');
        let sent = 0;
        const more = () => {
          while (sent < 64 && !response.destroyed) {
            sent += 1;
            if (!response.write(chunk)) return void response.once('drain', more);
          }
          response.end();
        };
        more();
      }),
    );
    await withdrawals(1);
    const attempts = async (subscriberId: string) =>
      (await ledger.request('GET', `/v1/webhooks/attempts?subscriberId=${subscriberId}`, undefined, {}, ['auditor']))
        .body.attempts as { outcome: string; statusCode?: number }[];
    await until('the redirect is tried twice', async () => (await attempts(redirecting)).length >= 2);
    expect((await attempts(redirecting)).slice(0, 2)).toEqual([
      expect.objectContaining({ outcome: 'failed', statusCode: 307 }),
      expect.objectContaining({ outcome: 'failed', statusCode: 307 }),
    ]);
    expect(redirectedTo).toBe(0);
    await until('the huge answer counts as delivered', async () => (await attempts(huge)).length >= 1);
    expect(await attempts(huge)).toEqual([expect.objectContaining({ outcome: 'delivered', statusCode: 200 })]);
  });

  it('refuses a URL on a port fetch never connects to, recording nothing', async () => {
    const before = (await ledger.request('GET', '/v1/webhooks/subscribers')).body.subscribers.length;
    for (const url of ['http://127.0.0.1:25/hooks', 'https://core.acredit.kz:6000/hooks', 'http://core:10080/']) {
      const reply = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
        url,
        eventTypes: ['consent.withdrawn'],
        secret: SECRET,
      });
      expect({ url, status: reply.status, type: reply.headers['content-type'], errors: reply.body.errors }).toEqual({
        url,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        errors: [expect.objectContaining({ field: 'url', code: 'url-port-blocked' })],
      });
    }
    expect((await ledger.request('GET', '/v1/webhooks/subscribers')).body.subscribers).toHaveLength(before);
    // Ports a lending core does use are taken as before.
    await subscribe('https://core.acredit.kz:8443/hooks');
  });

  it('keeps a URL as it is called, so that auditors read where notifications go', async () => {
    let arrived = 0;
    const url = await receiver((_request, response) => {
      arrived += 1;
      response.writeHead(204).end();
    });
    // Read by a person as the lending core's host; fetch reads the backslash as a slash, and calls loopback.
    const written = url.replace('/hooks', '\\@core.acredit.kz/hooks');
    const subscriberId = await subscribe(written);
    const [configured] = await ledger.store.readStream(`webhook-${subscriberId}`);
    const called = url.replace('/hooks', '/@core.acredit.kz/hooks');
    expect((configured.data as { url: string }).url).toBe(called);
    expect((await subscriber(subscriberId)).url).toBe(called);
    await withdrawals(1);
    await until('the notification arrives where the URL kept says', () => arrived === 1);
  });

  it('refuses an IIN in a URL however it is escaped, recording nothing', async () => {
    const before = await ledger.store.headPosition();
    const iin = newIin();
    const escaped = [...iin].map((digit) => `%3${digit}`).join('');
    for (const url of [`http://127.0.0.1:8080/hooks/${escaped}`, `http://127.0.0.1:8080/hooks?p=${escaped}%ZZ`]) {
      const reply = await ledger.command('/v1/webhooks/subscribers', key('hook'), {
        url,
        eventTypes: ['consent.withdrawn'],
        secret: SECRET,
      });
      expect({ url, status: reply.status, code: reply.body.code }).toEqual({ url, status: 400, code: 'iin-in-free-text' });
    }
    expect(await ledger.store.headPosition()).toBe(before);
  });
});

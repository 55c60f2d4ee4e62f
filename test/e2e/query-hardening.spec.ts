import { Writable } from 'node:stream';
import { Position } from '@ledger/event-store';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { ago, closeAndRemove, DAY, key, Ledger, newIin, startLedger } from '../support/ledger-harness';
import { disclosureRequest, policyVersionRequest, smsGrantRequest } from '../support/requests';

/**
 * What the query string, the path and a look's recorded parameters do with input a caller chose:
 * each case here was answered wrongly once (found by test/e2e/bad-query.fuzz.spec.ts).
 */
describe('queries: names, paths, cursors and what a look keeps', () => {
  let ledger: Ledger;
  let subjectId: string;
  const iin = newIin();

  beforeAll(async () => {
    // A position not yet in the log is waited for: briefly here.
    ledger = await startLedger(undefined, {
      env: { LEDGER_READ_YOUR_WRITES_TIMEOUT_MS: '100', LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0' },
    });
    await ledger.command('/v1/policies/privacy/versions', key('policy'), policyVersionRequest(ago(ledger, 20 * DAY)));
    const granted = await ledger.command('/v1/consents', key('grant'), smsGrantRequest(iin, ago(ledger, 10 * DAY)));
    subjectId = granted.body.subjectId as string;
    await ledger.command('/v1/disclosures', key('disclose'), disclosureRequest({ iin, occurredAt: ago(ledger, DAY) }));
  });
  afterAll(() => closeAndRemove(ledger));

  /** Sends a GET and says what it answered and what it wrote to the log. */
  async function look(url: string) {
    const before = await ledger.store.headPosition();
    const answer = await ledger.request('GET', url);
    const written = await ledger.store.readAll({ after: before as Position, maxCount: 20 });
    return { ...answer, text: JSON.stringify(answer.body), written };
  }

  it('a look narrowed to a pseudonym the ledger never gave is 404 and opens no access stream', async () => {
    // 32 hex digits holding an IIN: the stream access-<it> would have named the person for good.
    const nobody = `abcdefabcdefabcdefab${iin}`;
    for (const url of [`/v1/disclosures?subjectId=${nobody}`, `/v1/access-log?subjectId=${nobody}`]) {
      const answer = await look(url);
      expect({ url, status: answer.status, code: answer.body.code, written: answer.written.length }).toEqual({
        url,
        status: 404,
        code: 'unknown-subject',
        written: 0,
      });
    }
    // The person the ledger knows is still looked at, in their own stream.
    const known = await look(`/v1/disclosures?subjectId=${subjectId}`);
    expect(known.status).toBe(200);
    expect(known.written.map((e) => e.stream)).toEqual([`access-${subjectId}`]);
  });

  it('a look keeps no read-your-writes position among its parameters (it is taken unchecked)', async () => {
    for (const view of ['timeline', 'matrix']) {
      const answer = await look(`/v1/subjects/${subjectId}/${view}?minPosition=${iin}`);
      expect(answer.status).toBe(200);
      expect(answer.written).toHaveLength(1);
      const data = answer.written[0].data as { parameters: Record<string, unknown> };
      expect({ view, parameters: data.parameters }).toEqual({ view, parameters: {} });
      expect(JSON.stringify(answer.written[0].data)).not.toContain(iin);
    }
  });

  it('refuses query parameters named after what every object inherits, writing nothing', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      for (const path of [`/v1/subjects/${subjectId}/consents`, '/v1/disclosures', '/v1/policies']) {
        const answer = await look(`${path}?${name}=1`);
        expect({
          path,
          name,
          status: answer.status,
          errors: answer.body.errors,
          written: answer.written.length,
        }).toEqual({
          path,
          name,
          status: 400,
          errors: [{ field: name, code: 'unknown-field', message: `${name} is not a field of this request` }],
          written: 0,
        });
      }
    }
  });

  it('refuses an IIN as a query parameter’s name without sending it back', async () => {
    for (const path of [`/v1/subjects/${subjectId}/timeline`, '/v1/disclosures', '/v1/catalogue']) {
      const answer = await look(`${path}?${iin}=1`);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 400,
        code: 'iin-in-free-text',
      });
      expect(answer.text).not.toContain(iin);
      expect(answer.written).toHaveLength(0);
    }
  });

  it('never sends back a path that holds an IIN', async () => {
    const cases: [string, number][] = [
      [`/v1/subjects/${iin}/consents`, 400],
      [`/v1/subjects/${subjectId}/consents/${iin}/receipt`, 400],
      [`/v1/exports/subjects/${iin}`, 400],
      [`/problems/${iin}`, 404],
      [`/v1/${iin}`, 404],
      [`/v1/subjects/${iin.slice(0, 6)}%20${iin.slice(6)}/timeline`, 400],
    ];
    for (const [url, status] of cases) {
      const answer = await look(url);
      expect({ url, status: answer.status }).toEqual({ url, status });
      expect({ url, echoed: answer.text.includes(iin.slice(6)) }).toEqual({ url, echoed: false });
      expect(answer.written).toHaveLength(0);
    }
    // A path without one still names itself.
    expect((await look('/v1/nowhere')).body.instance).toBe('/v1/nowhere');
  });

  it('answers problem types the ledger has, not what an object inherits', async () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const answer = await look(`/problems/${code}`);
      expect({ code, status: answer.status, answered: answer.body.code }).toEqual({
        code,
        status: 404,
        answered: 'route-not-found',
      });
    }
    expect((await look('/problems/unknown-subject')).body).toMatchObject({ code: 'unknown-subject', status: 404 });
  });

  it('refuses a cursor it did not issue: cut short, padded, or with an event id that is none', async () => {
    // Two looks, so that a page of one has a next.
    await look('/v1/catalogue');
    const first = await look('/v1/access-log?limit=1');
    const own = first.body.next as string;
    expect(typeof own).toBe('string');
    expect((await look(`/v1/access-log?limit=1&cursor=${own}`)).status).toBe(200);
    const [list, at] = Buffer.from(own, 'base64url').toString().split('|');
    const forged = (eventId: string) => Buffer.from(`${list}|${at}|${eventId}`).toString('base64url');
    const tampered = {
      'cut short': own.slice(0, -3),
      padded: `${own}==`,
      'an IIN for an event id': forged(iin),
      'any text for an event id': forged("' OR 1=1 --"),
      'an upper-case event id': forged('4832BC3B-9C34-511A-A56A-705ACC2C43DC'),
    };
    for (const [what, cursor] of Object.entries(tampered)) {
      const answer = await look(`/v1/access-log?cursor=${encodeURIComponent(cursor)}`);
      expect({ what, status: answer.status, errors: answer.body.errors }).toEqual({
        what,
        status: 400,
        errors: [{ field: 'cursor', code: 'invalid-cursor', message: 'use the next value of the previous page' }],
      });
      expect(answer.written).toHaveLength(0);
    }
  });

  it('answers a policy id named after what every object inherits as no such policy, not 500', async () => {
    const answer = await look('/v1/policies/constructor');
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 404, code: 'unknown-policy' });
    expect((await look('/v1/policies/privacy')).status).toBe(200);
  });

  it('refuses a person’s path id that is no pseudonym on every question about them, as 400 and not 500', async () => {
    // A question as known at T′ waits for the person's facts on their way: the id named their stream
    // before it was checked, and a space in front of it made that a 500.
    const q = 'purpose=advertising&dataCategories=iin';
    for (const view of [`check?${q}`, 'consents', `matrix?${q}`, 'timeline?knownAt=2025-01-01T00:00:00Z', 'report']) {
      for (const id of [`%20${subjectId}`, `${subjectId}.x`, subjectId.toUpperCase()]) {
        const answer = await look(`/v1/subjects/${id}/${view}`);
        expect({ view, id, status: answer.status, code: answer.body.code, written: answer.written }).toEqual({
          view,
          id,
          status: 400,
          code: 'invalid-request',
          written: [],
        });
      }
    }
  });

  it('a matrix of a pseudonym the ledger never gave is 404 and opens no access stream', async () => {
    const answer = await look(`/v1/subjects/${'f'.repeat(32)}/matrix`);
    expect({ status: answer.status, code: answer.body.code, written: answer.written.length }).toEqual({
      status: 404,
      code: 'unknown-subject',
      written: 0,
    });
    expect((await look(`/v1/subjects/${subjectId}/matrix`)).status).toBe(200);
  });

  it('refuses a parameter on a read that takes none, rather than ignoring it', async () => {
    const reads = ['/v1/catalogue', '/v1/integrity/public-key', '/v1/integrity/public-key.pem'];
    for (const path of [...reads, '/v1/webhooks/subscribers', '/problems', '/problems/unknown-subject']) {
      const answer = await look(`${path}?language=ru`);
      expect({ path, status: answer.status, errors: answer.body.errors }).toEqual({
        path,
        status: 400,
        errors: [{ field: 'language', code: 'unknown-field', message: 'language is not a field of this request' }],
      });
      expect((await look(path)).status).toBe(200);
    }
  });

  it('bounds the codes a logged read keeps, as long as a code can be', async () => {
    const cases = [
      `/v1/disclosures?recipient=${'x'.repeat(65)}`,
      `/v1/reports/withdrawal-deadlines?status=${'open,'.repeat(20)}open`,
    ];
    for (const url of cases) {
      const answer = await look(url);
      expect({
        url,
        status: answer.status,
        code: answer.body.errors?.[0]?.code,
        written: answer.written.length,
      }).toEqual({
        url,
        status: 400,
        code: 'isLength',
        written: 0,
      });
    }
    expect((await look(`/v1/disclosures?recipient=${'x'.repeat(64)}`)).status).toBe(200);
    expect((await look('/v1/reports/withdrawal-deadlines?status=open,overdue')).status).toBe(200);
  });

  it('keeps no IIN from the webhook attempts’ filters: an unknown subscriber, a number, a notification id', async () => {
    const cases: [string, number, string][] = [
      [`/v1/webhooks/attempts?subscriberId=abcdefabcdefabcdefab${iin}`, 404, 'unknown-webhook-subscriber'],
      [`/v1/webhooks/attempts?after=${iin}`, 400, 'iin-in-free-text'],
      [`/v1/webhooks/attempts?notificationId=000000000000000000000000${iin}`, 400, 'invalid-request'],
    ];
    for (const [url, status, code] of cases) {
      const answer = await look(url);
      expect({ url, status: answer.status, code: answer.body.code, written: answer.written.length }).toEqual({
        url,
        status,
        code,
        written: 0,
      });
    }
    expect((await look('/v1/webhooks/attempts?after=3')).status).toBe(200);
    expect((await look('/v1/webhooks/attempts?notificationId=6f1c1d3e-6a53-5d54-9a3b-0c1f4a1b2c3d')).status).toBe(200);
  });
});

describe('a URL the router cannot read', () => {
  it('is answered like every refusal: secure headers, no-store, a correlation id, its log line and its count', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const ledger = await startLedger(undefined, { logger: createLogger({ level: 'info', destination }) });
    try {
      for (const [url, status] of [
        ['/v1/subjects/%FF/consents', 400],
        ['/v1/subjects/%ED%A0%80/timeline', 400],
        [`/v1/subjects/${'x'.repeat(2000)}/consents`, 414],
      ] as const) {
        const before = lines.length;
        const answer = await ledger.request('GET', url);
        expect({ url, status: answer.status }).toEqual({ url, status });
        expect(answer.headers).toMatchObject({
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'x-correlation-id': expect.any(String),
          'content-security-policy': expect.stringContaining("default-src 'none'"),
        });
        const logged = lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(logged.filter((l) => l.msg === 'request')).toEqual([
          expect.objectContaining({
            method: 'GET',
            route: 'unmatched',
            status,
            correlationId: answer.headers['x-correlation-id'],
          }),
        ]);
      }
      const metrics = String((await ledger.request('GET', '/metrics')).body);
      expect(metrics).toContain(
        'ledger_http_responses_total{method="GET",route="unmatched",status="400",problem="invalid-request"} 2',
      );
      expect(metrics).toContain(
        'ledger_http_responses_total{method="GET",route="unmatched",status="414",problem="uri-too-long"} 1',
      );
    } finally {
      await closeAndRemove(ledger);
    }
  });
});

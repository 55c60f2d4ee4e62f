import { Writable } from 'node:stream';
import fc from 'fast-check';
import { containsIin, normaliseInstant } from '@ledger/consent-domain';
import { Position } from '@ledger/event-store';
import { PROBLEMS } from '../../apps/ledger/src/http/problems';
import { createLogger } from '../../apps/ledger/src/observability/logger';
import { encodeCursor } from '../../apps/ledger/src/reports/report-paging';
import { Draw, randomIin } from '../support/bad-input/mutations';
import { ago, closeAndRemove, DAY, key, Ledger, newIin, startLedger } from '../support/ledger-harness';
import { disclosureRequest, policyVersionRequest, smsGrantRequest } from '../support/requests';

/**
 * The other half of the bad-input fuzz (bad-input.fuzz.spec.ts sends bodies): malformed reads. Every
 * GET route of the ledger's own OpenAPI document gets, with fast-check, wrong query values by the kind
 * of each parameter, repeated and bracketed parameters, unknown and inherited names, broken path
 * segments, IINs wherever a caller can write text (values, names, paths, headers, in groups and other
 * scripts' digits), cursors it did not issue, malformed tokens, bad access reasons and other methods.
 * Each must be a 4xx problem+json with a known code that sends no IIN back, within a few seconds,
 * and must write nothing: a refused look leaves no access-log event,
 * and neither the log nor the ledger's own log lines hold an IIN the fuzz sent. Harmless odd headers (Accept,
 * Content-Type, X-Correlation-Id) ride along at random.
 *
 * Seeded like the body fuzz: FUZZ_SEED picks another run, FUZZ_SCALE multiplies the runs (0.2 in the
 * suite), FUZZ_ONLY=<class> and FUZZ_PATH=… replay a failure, FUZZ_VERBOSE=1 prints statuses per class.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 0x9e7f2611;
const SCALE = Number(process.env.FUZZ_SCALE ?? 0.2);
/** Runs of each class at FUZZ_SCALE=1. */
const RUNS: Record<string, number> = {
  'bad-value': 300,
  repeated: 80,
  bracketed: 60,
  'unknown-name': 120,
  'bad-path': 150,
  iin: 200,
  'bad-cursor': 80,
  'bad-token': 80,
  'bad-access-reason': 80,
  'other-method': 50,
};
const ONLY = process.env.FUZZ_ONLY?.split(',');
const CLASSES = Object.keys(RUNS).filter((c) => !ONLY || ONLY.includes(c));
/** Longer than any answer may take: a request still unanswered then has hung. */
const HANG_MS = 5000;

interface Route {
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly query: readonly { name: string; required: boolean; schema: Schema }[];
  readonly open: boolean;
  readonly readsReason: boolean;
  /** Takes a query string at all (the others refuse any parameter). */
  readonly takesQuery: boolean;
}
interface Schema {
  readonly type?: string;
  readonly enum?: readonly string[];
}
interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}
interface Case {
  readonly detail: string;
  readonly url: string;
  readonly method?: string;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly as?: 'support' | 'none';
  readonly expect: readonly number[];
  readonly codes?: readonly string[];
  /** IINs this case sent, which the answer must not send back. */
  readonly iins?: readonly string[];
}
interface Context {
  readonly routes: readonly Route[];
  readonly valid: (route: Route, name: string) => string;
  readonly cursors: Readonly<Record<string, string>>;
  readonly known: ReadonlySet<string>;
  readonly subjectId: string;
  readonly consentId: string;
}

/** Operational routes a probe or a scraper calls: they take no query, and ignore one. */
const OPERATIONAL = ['/health/live', '/health/probe', '/health/ready', '/metrics'];
const INSTANTS = ['at', 'knownAt', 'from', 'to'];
/** Query parameters whose values are not free text (bootstrap.ts): digits there are no IIN. */
const NOT_FREE_TEXT = new Set([
  'subjectId',
  'consentId',
  'subscriberId',
  'notificationId',
  'minPosition',
  'after',
  'cursor',
  ...INSTANTS,
  'limit',
  'nearWithin',
]);
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf'];

/** Values each query parameter refuses, by name: every parameter the document declares must be here. */
const REFUSED: Record<string, (d: Draw, ctx: Context) => string> = {
  at: (d) => badInstant(d),
  knownAt: (d) => badInstant(d),
  from: (d) => badInstant(d),
  to: (d) => badInstant(d),
  limit: (d) =>
    d.pick(['0', '-1', '1e3', '1.5', 'ten', '', '0x10', '99999999999', '5%00', 'NaN', '+5', '1'.repeat(400)]),
  afterRevision: (d) => d.pick(['1.5', 'ten', '', '1e3', 'NaN', '-2', '0x1', '1'.repeat(400)]),
  nearWithin: (d) => d.pick(['1.5', 'ten', '', 'NaN', '-1', '1e3']),
  after: (d) => d.pick(['1.5', 'ten', '', '-1', 'NaN', 'x'.repeat(100)]),
  minPosition: (d) => d.pick(['abc', '', 'x'.repeat(65), '%ED%A0%80', 'NaN', '1.5', '-1', '%00']),
  cursor: (d) => d.pick(['', '*', 'A'.repeat(201), '%00', 'not a cursor', '%ED%A0%80']),
  subjectId: (d) => d.pick(['', 'XYZ', 'a'.repeat(31), 'A'.repeat(32), 'g'.repeat(32), `${'a'.repeat(32)}%00`]),
  subscriberId: (d) => d.pick(['', 'XYZ', 'a'.repeat(31), 'A'.repeat(32)]),
  notificationId: (d) => d.pick(['', 'XYZ', 'z'.repeat(36)]),
  purpose: (d) => d.pick(['', 'Advertising', 'no-such-purpose', 'x'.repeat(300), '%ED%A0%80']),
  recipient: (d) => d.pick(['', 'First Credit Bureau', 'x'.repeat(300), '%00']),
  legalBasis: (d) => d.pick(['', 'Nope Nope', 'no-such-basis', 'x'.repeat(300)]),
  // Empty entries name nothing and are dropped (`full-name,` is full-name): not listed here.
  dataCategories: (d) => d.pick(['', ',', 'Full Name', 'no-such-category', 'full-name,Nope', 'x'.repeat(300)]),
  outcome: (d) => d.pick(['', 'DELIVERED', 'maybe', 'delivered,failed']),
  language: (d) => d.pick(['', 'KK', 'fr', 'kk-KZ', 'x'.repeat(100)]),
  status: (d) => d.pick(['', 'OPEN', 'nope', 'open,,overdue', 'x'.repeat(300), `${'open,'.repeat(20)}open`]),
  accessor: () => 'x'.repeat(201),
};

/** Anything but an instant the ledger reads (an unencoded + arrives as a space, read as +). */
function badInstant(d: Draw): string {
  const value = d.pick([
    '',
    'now',
    'yesterday',
    '2025-13-01T00:00:00Z',
    '2025-02-30T10:00:00Z',
    '2025-03-01',
    '2025-03-01T09:30:00',
    '2025-03-01T24:00:01Z',
    '10000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '1e9',
    '1740000000000',
    '2025-03-01T09:30:00+25:00',
    '2025-03-01T09:30:00.Z',
    '%ED%A0%80',
    '%00',
    'x'.repeat(65),
  ]);
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    // Not valid percent-encoding: no instant either.
  }
  if (normaliseInstant(text.replace(/ (\d{2}:\d{2})$/, '+$1'))) throw new Error(`${value} is an instant`);
  return value;
}

/** An IIN as a caller might write it in text: plain, in groups, with dashes, in full-width digits. */
function writtenIin(d: Draw, iin: string): string {
  return d.pick([
    iin,
    `${iin.slice(0, 4)} ${iin.slice(4, 8)} ${iin.slice(8)}`,
    `${iin.slice(0, 6)}-${iin.slice(6)}`,
    [...iin].map((c) => String.fromCharCode(0xff10 + Number(c))).join(''),
    `note ${iin} here`,
  ]);
}

const GENERATORS: Record<string, (d: Draw, ctx: Context) => Case | undefined> = {
  'bad-value': (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => r.query.length > 0));
    const param = d.pick(route.query);
    const value = REFUSED[param.name](d, ctx);
    const unknownPerson = param.name === 'subjectId' && /^[0-9a-f]{32}$/.test(value);
    return {
      detail: `${param.name}=${value.slice(0, 40)}`,
      url: urlOf(route, ctx, { [param.name]: value }),
      expect: unknownPerson ? [404] : [400],
    };
  },
  repeated: (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => r.query.some((p) => p.schema.type !== 'array')));
    const param = d.pick(route.query.filter((p) => p.schema.type !== 'array'));
    const value = ctx.valid(route, param.name);
    return {
      detail: `${param.name} twice`,
      url: urlOf(route, ctx, { [param.name]: [value, d.chance(0.5) ? value : ctx.valid(route, param.name)] }),
      expect: [400],
    };
  },
  bracketed: (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => r.takesQuery && r.query.length > 0));
    const param = d.pick(route.query);
    const name = d.pick([`${param.name}[]`, `${param.name}[0]`, `${param.name}[a]`, `${param.name}.x`]);
    return {
      detail: name,
      url: urlOf(route, ctx, {}, `${encodeURIComponent(name)}=${ctx.valid(route, param.name)}`),
      expect: [400],
    };
  },
  'unknown-name': (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => !OPERATIONAL.includes(r.path)));
    const declared = route.query.map((p) => p.name);
    const name = d.pick([
      ...INHERITED,
      '%ED%A0%80',
      '%FF',
      '%C0%AF',
      'a%00b',
      '',
      'x'.repeat(300),
      ...declared.map((n) => n.toUpperCase()),
      `z${d.int(1e6)}`,
    ]);
    if (declared.includes(name)) return undefined;
    return { detail: `?${name.slice(0, 40)}=`, url: urlOf(route, ctx, {}, `${name}=1`), expect: [400] };
  },
  'bad-path': (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => r.pathParams.length > 0));
    const param = d.pick(route.pathParams);
    const valid = ctx.valid(route, param);
    const value = d.pick([
      '..',
      '%2E%2E',
      '.',
      '%2F',
      'a%2Fb',
      '%00',
      `${valid}%00`,
      '%ED%A0%80',
      '%FF',
      '%C0%AF',
      valid.toUpperCase(),
      `${valid}0`,
      valid.slice(1),
      ` ${valid}`,
      '%20',
      'x'.repeat(2000),
      '__proto__',
      'constructor',
      param === 'subjectId' ? ctx.consentId : ctx.subjectId,
      param === 'policyId' ? 'no_such_policy' : 'f'.repeat(32),
    ]);
    if (value === valid) return undefined;
    // A validity check of someone unknown is answered (not allowed, no consent) and logged as a miss.
    if (route.path.endsWith('/check') && /^[0-9a-f]{32}$/.test(value)) return undefined;
    const url = urlOf(route, ctx, {}, undefined, { [param]: value });
    return {
      detail: `{${param}}=${value.slice(0, 40)}`,
      url,
      // `..` may lead to the root, which sends a browser to the console.
      expect: new URL(url, 'http://ledger').pathname === '/' ? [302] : [400, 404, 405, 414],
    };
  },
  iin: (d, ctx) => {
    const iin = randomIin(d, ctx.known);
    const text = writtenIin(d, iin);
    const route = d.pick(ctx.routes);
    const where = d.pick(['value', 'name', 'path', 'correlation', 'idempotency', 'reason', 'encoded reason']);
    const free = route.query.filter((p) => !NOT_FREE_TEXT.has(p.name));
    if (where === 'value' && free.length > 0) {
      const param = d.pick(free);
      return {
        detail: `${param.name} holds an IIN`,
        url: urlOf(route, ctx, { [param.name]: encodeURIComponent(text) }),
        expect: [400],
        codes: ['iin-in-free-text'],
        iins: [iin],
      };
    }
    if (where === 'name') {
      return {
        detail: 'a name holds an IIN',
        url: urlOf(route, ctx, {}, `${encodeURIComponent(text)}=1`),
        expect: [400],
        codes: ['iin-in-free-text'],
        iins: [iin],
      };
    }
    if (where === 'path' && route.pathParams.length > 0) {
      const param = d.pick(route.pathParams);
      return {
        detail: `{${param}} holds an IIN`,
        url: urlOf(route, ctx, {}, undefined, { [param]: encodeURIComponent(text) }),
        expect: [400, 404],
        iins: [iin],
      };
    }
    const header =
      where === 'correlation' ? 'x-correlation-id' : where === 'idempotency' ? 'idempotency-key' : 'x-access-reason';
    // Headers are bytes: digits of other scripts go percent-encoded, as the ledger asks for non-ASCII text.
    const value = where === 'encoded reason' || /[^\x20-\x7e]/.test(text) ? encodeURIComponent(text) : text;
    return {
      detail: `${header} holds an IIN`,
      url: urlOf(route, ctx, {}),
      headers: { [header]: value },
      ...(d.chance(0.5) && route.readsReason ? { as: 'support' as const } : {}),
      expect: [400],
      codes: ['iin-in-free-text'],
      iins: [iin],
    };
  },
  'bad-cursor': (d, ctx) => {
    const lists = Object.keys(ctx.cursors);
    const route = d.pick(ctx.routes.filter((r) => lists.includes(r.path)));
    const own = ctx.cursors[route.path];
    const others = lists.filter((l) => l !== route.path).map((l) => ctx.cursors[l]);
    const [list, at, eventId] = Buffer.from(own, 'base64url').toString().split('|');
    const forged = (...parts: string[]) => Buffer.from(parts.join('|')).toString('base64url');
    // Only what is not a cursor as the ledger writes one: without a signature, an edit that still reads
    // as the list, an instant and an event id is a place in the list like any other.
    const cursor = d.pick([
      ...others,
      own.slice(0, -d.between(1, 8)),
      `${own}==`,
      `${own}A`,
      own.replace(/-/g, '+').replace(/_/g, '/'),
      forged(list, at, 'x'),
      forged(list, at, eventId.toUpperCase()),
      forged(list, at, eventId, 'more'),
      forged(list, '2026-01-01T05:00:00+05:00', eventId),
      forged(list, at.replace('Z', '000Z'), eventId),
      forged(list, at, `'; DROP TABLE access; --`),
      forged(list, at, randomIin(d, ctx.known)),
      forged(`${list}x`, at, eventId),
      forged(list, at),
      forged(list),
    ]);
    if (cursor === own) return undefined;
    return {
      detail: `cursor ${cursor.slice(0, 40)}`,
      url: urlOf(route, ctx, { cursor: encodeURIComponent(cursor) }),
      expect: [400],
      codes: ['invalid-request'],
    };
  },
  'bad-token': (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => !r.open));
    const authorization = d.pick<string | string[] | undefined>([
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer a.b.c',
      `Bearer ${'a'.repeat(6000)}.b.c`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      `Bearer ${d.pick(['x', '.', '..', 'a..b'])}`,
      'Bearer a.b.c d',
      'Token abc',
      ['Bearer a.b.c', 'Bearer d.e.f'],
    ]);
    return {
      detail: `authorization ${JSON.stringify(authorization)?.slice(0, 40)}`,
      url: urlOf(route, ctx, {}),
      as: 'none',
      headers: { authorization },
      expect: [401],
      codes: ['unauthenticated'],
    };
  },
  'bad-access-reason': (d, ctx) => {
    const route = d.pick(ctx.routes.filter((r) => r.readsReason));
    const reason = d.pick([
      undefined,
      '',
      '   ',
      'a%0D%0Ab',
      'line%0Abreak',
      '%ED%A0%80',
      '%FF',
      '%C0%AF',
      'r'.repeat(501),
      `${encodeURIComponent('ü')}${'r'.repeat(500)}`,
      '\u00ff\u00fe',
      'tab%09here',
    ]);
    return {
      detail: `X-Access-Reason ${JSON.stringify(reason)?.slice(0, 40)}`,
      url: urlOf(route, ctx, {}),
      as: 'support',
      headers: { 'x-access-reason': reason },
      // Support may not read every route that reads a reason: refused for its role first.
      expect: [400, 403],
      codes: ['access-reason-required', 'invalid-request', 'forbidden'],
    };
  },
  'other-method': (d, ctx) => {
    const route = d.pick(ctx.routes);
    return {
      detail: 'another method',
      url: urlOf(route, ctx, {}),
      method: d.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']),
      // A body-less PUT that says its body is text/plain is refused for that before its route is looked for.
      expect: [405, 415],
      codes: ['method-not-allowed', 'unsupported-media-type'],
    };
  },
};

/** Whether the text holds this IIN on its own (not inside a longer run of digits or hex, as in a hash). */
function holds(text: string, iin: string): boolean {
  return new RegExp(`(?<![0-9a-f])${iin}(?![0-9a-f])`).test(text);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  }
}

/** The route's URL with valid values where not told otherwise; `raw` is appended to the query as it is. */
function urlOf(
  route: Route,
  ctx: Context,
  query: Record<string, string | string[]>,
  raw?: string,
  path: Record<string, string> = {},
): string {
  const pathPart = route.path.replace(/\{(\w+)\}/g, (_, name: string) => path[name] ?? ctx.valid(route, name));
  const parts: string[] = [];
  for (const p of route.query) {
    const given = query[p.name];
    if (given !== undefined) for (const v of [given].flat()) parts.push(`${p.name}=${v}`);
    else if (p.required) parts.push(`${p.name}=${encodeURIComponent(ctx.valid(route, p.name))}`);
  }
  if (raw !== undefined) parts.push(raw);
  return parts.length > 0 ? `${pathPart}?${parts.join('&')}` : pathPart;
}

describe('bad input to every read', () => {
  let ledger: Ledger;
  let ctx: Context;
  let tokens: { all: string; support: string };
  let headBefore: Position | undefined;
  let lastHead: Position | undefined;
  const used = new Set<string>();
  /** What the ledger logged, at the level production runs at. */
  const logged: string[] = [];
  const byClass = new Map<string, Map<number, number>>();
  let sent = 0;

  beforeAll(async () => {
    ledger = await startLedger(undefined, {
      env: {
        LEDGER_RATE_LIMIT_PER_MINUTE: '0',
        LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
        LEDGER_RETENTION_SWEEP_HOURS: '0',
        // A position not yet in the log is waited for: briefly here.
        LEDGER_READ_YOUR_WRITES_TIMEOUT_MS: '50',
      },
      logger: createLogger({
        level: 'info',
        destination: new Writable({
          write(chunk, _encoding, done) {
            logged.push(String(chunk));
            done();
          },
        }),
      }),
    });
    const at = (days: number) => ago(ledger, days * DAY);
    const known = new Set<string>();
    await ledger.command('/v1/policies/privacy/versions', key('policy'), policyVersionRequest(at(20)));
    let subjectId = '';
    let consentId = '';
    for (const iin of [newIin(), newIin()]) {
      known.add(iin);
      const granted = await ledger.command('/v1/consents', key('grant'), smsGrantRequest(iin, at(10)));
      if (granted.status !== 201) throw new Error(`setup grant: ${granted.status} ${JSON.stringify(granted.body)}`);
      ({ subjectId, consentId } = granted.body as { subjectId: string; consentId: string });
      await ledger.command('/v1/disclosures', key('disclose'), disclosureRequest({ iin, occurredAt: at(2) }));
      await ledger.command('/v1/disclosures', key('refused'), {
        ...disclosureRequest({ iin, occurredAt: at(1) }),
        recipient: 'advertising-partners',
        purpose: 'advertising',
        dataCategories: ['credit-history'],
      });
    }
    tokens = {
      all: await ledger.token(['lending-core', 'auditor', 'regulator', 'compliance-admin', 'operator'], 'read-fuzz'),
      support: await ledger.token(['support'], 'read-fuzz-support'),
    };
    const doc = (await ledger.request('GET', '/docs/openapi.json')).body as {
      paths: Record<string, { get?: { parameters?: Parameter[]; security?: unknown[] } }>;
    };
    const routes: Route[] = Object.entries(doc.paths)
      .filter(([path, ops]) => ops.get && !path.startsWith('/docs'))
      .map(([path, ops]) => {
        const parameters = ops.get!.parameters ?? [];
        const query = parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
        return {
          path,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query,
          open: Array.isArray(ops.get!.security) && ops.get!.security.length === 0,
          readsReason: parameters.some((p) => p.in === 'header' && p.name === 'X-Access-Reason'),
          takesQuery: query.length > 0,
        };
      });
    const validPath: Record<string, string> = { subjectId, consentId, policyId: 'privacy', code: 'unknown-subject' };
    const validQuery: Record<string, string> = {
      purpose: 'advertising',
      dataCategories: 'full-name',
      from: at(5),
      to: at(0),
      at: at(3),
      knownAt: at(1),
      limit: '2',
      afterRevision: '0',
      nearWithin: '3',
      minPosition: '1',
      recipient: 'first-credit-bureau',
      legalBasis: 'microcredit-reporting',
      language: 'ru',
      outcome: 'delivered',
      status: 'open',
      accessor: 'read-fuzz',
      subscriberId: 'f'.repeat(32),
      notificationId: '00000000-0000-4000-8000-000000000000',
      subjectId,
      after: '1',
      cursor: '',
    };
    // A real cursor of every list that pages by one (two looks first, so that each has a next page).
    const cursors: Record<string, string> = {};
    for (const route of routes.filter((r) => r.query.some((p) => p.name === 'cursor'))) {
      for (let i = 0; i < 3 && !cursors[route.path]; i++) {
        const url = route.path.replace(/\{(\w+)\}/g, (_, n: string) => validPath[n]);
        const page = await ledger.request('GET', `${url}?limit=1`, undefined, {
          authorization: `Bearer ${tokens.all}`,
        });
        const next = (page.body as { next?: string }).next;
        if (next) cursors[route.path] = next;
      }
      // A report with one row gives no next: one as the ledger would write it (the fuzz only edits it).
      const report = /^\/v1\/reports\/(.+)$/.exec(route.path)?.[1];
      if (!cursors[route.path] && report) {
        cursors[route.path] = encodeCursor(
          { occurredAt: at(3), eventId: '00000000-0000-5000-8000-000000000000' },
          `report:${report}`,
        );
      }
    }
    ctx = {
      routes,
      cursors,
      known,
      subjectId,
      consentId,
      valid: (route, name) => {
        if (route.pathParams.includes(name)) return validPath[name];
        const param = route.query.find((p) => p.name === name);
        if (name === 'cursor') return cursors[route.path] ?? 'x';
        if (param?.schema.enum) return param.schema.enum[0];
        if (name === 'status') return route.path.endsWith('-deadlines') ? 'open' : 'all';
        return validQuery[name];
      },
    };
    headBefore = await ledger.store.headPosition();
    lastHead = headBefore;
  });

  afterAll(async () => {
    console.log(
      `bad-query fuzz: seed=${SEED} sent ${sent} malformed reads — ` +
        [...byClass.entries()].map(([c, s]) => `${c} ${[...s.values()].reduce((a, b) => a + b, 0)}`).join(', '),
    );
    if (process.env.FUZZ_VERBOSE) {
      for (const [c, s] of byClass)
        console.log(`  ${c}: ${[...s.entries()].map(([st, n]) => `${st}×${n}`).join(', ')}`);
    }
    if (ledger) await closeAndRemove(ledger);
  });

  it('knows how to refuse every query parameter the OpenAPI document declares, and reads each route as it stands', async () => {
    const declared = new Set(ctx.routes.flatMap((r) => r.query.map((p) => p.name)));
    expect([...declared].filter((name) => !REFUSED[name])).toEqual([]);
    expect(ctx.routes.length).toBeGreaterThan(25);
    // Every list that takes a cursor gave one.
    expect(Object.keys(ctx.cursors).sort()).toEqual(
      ctx.routes
        .filter((r) => r.query.some((p) => p.name === 'cursor'))
        .map((r) => r.path)
        .sort(),
    );
    const answers: string[] = [];
    for (const route of ctx.routes) {
      const answer = await send({ detail: 'as it stands', url: urlOf(route, ctx, {}), expect: [200] });
      answers.push(`${route.path} ${answer.status}`);
    }
    expect(answers).toEqual(ctx.routes.map((r) => `${r.path} 200`));
    headBefore = await ledger.store.headPosition();
    lastHead = headBefore;
  });

  it.each(CLASSES)('%s: every read gets a 4xx problem, sends back no IIN, and writes nothing', async (mutation) => {
    const property = fc.asyncProperty(fc.gen(), async (g) => {
      const draw = new Draw(g);
      const c = GENERATORS[mutation](draw, ctx);
      fc.pre(c !== undefined);
      const failure = await attempt(mutation, c!, draw);
      if (failure) throw new Error(failure);
    });
    const details = await fc.check(property, {
      seed: (SEED + Object.keys(RUNS).indexOf(mutation)) | 0,
      numRuns: Math.max(1, Math.round(RUNS[mutation] * SCALE)),
      ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    });
    const report = details.failed
      ? `${(details.errorInstance as Error | undefined)?.message}\n${fc.defaultReportMessage(details)}\n` +
        `replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${mutation} FUZZ_PATH=${details.counterexamplePath?.split(':')[0]}`
      : undefined;
    expect(report).toBeUndefined();
  });

  it('leaves the log as it was, holds no IIN the fuzz sent, and still answers', async () => {
    const head = await ledger.store.headPosition();
    expect(ledger.store.comparePositions(head!, headBefore!)).toBe(0);
    let after: Position | undefined;
    const found: string[] = [];
    for (;;) {
      const page = await ledger.store.readAll({ after, maxCount: 500 });
      for (const event of page) {
        const text = `${event.stream} ${JSON.stringify(event.data)} ${JSON.stringify(event.metadata)}`;
        for (const iin of used) if (holds(text, iin)) found.push(`${event.type} on ${event.stream}`);
      }
      if (page.length < 500) break;
      after = page[page.length - 1].position;
    }
    expect(found).toEqual([]);
    // Nor do the logs: every request has its line (the router's refusals too), and none names an IIN a request held.
    expect(logged.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(sent);
    expect(logged.filter((line) => [...used].some((iin) => holds(line, iin)))).toEqual([]);
    expect((await ledger.request('GET', '/health/live')).status).toBe(200);
    expect((await ledger.request('GET', `/v1/subjects/${ctx.subjectId}/consents`)).status).toBe(200);
  });

  async function send(c: Case, draw?: Draw) {
    const headers: Record<string, string | string[]> = {};
    if (c.as !== 'none') headers.authorization = `Bearer ${c.as === 'support' ? tokens.support : tokens.all}`;
    if (c.as === 'support') headers['x-access-reason'] = 'ticket SUP-1';
    // Harmless oddities that must not change an answer.
    if (draw?.chance(0.3)) {
      const [name, value] = draw.pick([
        ['accept', 'application/xml'],
        ['accept', 'text/html;q=0, */*;q=0.1'],
        ['content-type', 'text/plain'],
        ['content-type', '%%%'],
        ['x-correlation-id', '../../x'],
        ['x-correlation-id', 'c'.repeat(300)],
        ['accept-language', 'kk, ru;q=0.5'],
      ] as const);
      headers[name] = value;
    }
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    sent += 1;
    const method = (c.method ?? 'GET') as 'GET';
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = await Promise.race([
        ledger.app.inject({ method, url: c.url, headers }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS);
        }),
      ]);
      return {
        status: response.statusCode,
        contentType: String(response.headers['content-type'] ?? ''),
        allow: String(response.headers.allow ?? ''),
        cacheControl: String(response.headers['cache-control'] ?? ''),
        nosniff: response.headers['x-content-type-options'] === 'nosniff',
        text: response.body,
      };
    } catch (error) {
      return {
        status: 0,
        contentType: '',
        allow: '',
        cacheControl: '',
        nosniff: false,
        text: `no answer: ${String(error)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async function attempt(mutation: string, c: Case, draw: Draw): Promise<string | undefined> {
    for (const iin of c.iins ?? []) used.add(iin);
    const outcome = await send(c, draw);
    const counts = byClass.get(mutation) ?? new Map<number, number>();
    counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
    byClass.set(mutation, counts);
    const problems: string[] = [];
    if (!c.expect.includes(outcome.status)) problems.push(`status ${outcome.status}, expected ${c.expect.join('/')}`);
    if (outcome.status === 302)
      return problems.length > 0 ? `${mutation} · ${c.detail}: ${problems.join('; ')}` : undefined;
    if (!/^application\/problem\+json/.test(outcome.contentType)) problems.push(`content-type ${outcome.contentType}`);
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(outcome.text) as Record<string, unknown>;
    } catch {
      problems.push('body is not JSON');
    }
    if (body) {
      const code = String(body.code);
      const known = (PROBLEMS as Record<string, { status: number } | undefined>)[code];
      if (!known || !Object.hasOwn(PROBLEMS, code)) problems.push(`code ${code} is not a known problem`);
      else if (known.status !== outcome.status) problems.push(`code ${code} belongs to ${known.status}`);
      if (c.codes && !c.codes.includes(code)) problems.push(`code ${code}, expected ${c.codes.join('/')}`);
      if (body.type !== `/problems/${code}` || body.status !== outcome.status) problems.push('type or status field');
    }
    // `..` leads elsewhere (/v1/subjects/../consents is /v1/consents): any Allow but the method refused.
    const method = c.method ?? 'GET';
    if (outcome.status === 405 && (outcome.allow === '' || outcome.allow.split(', ').includes(method))) {
      problems.push(`Allow: ${outcome.allow}`);
    }
    if (/\bat .+\.(ts|js):\d+|node_modules/.test(outcome.text)) problems.push('a stack trace');
    // A refusal carries the headers every answer does (the router's own too); the catalogue and the
    // problem types are public and cacheable, refusals included (they are the same for everyone).
    if (!outcome.nosniff) problems.push('without x-content-type-options');
    if (outcome.cacheControl !== 'no-store' && !/^public, max-age=\d+$/.test(outcome.cacheControl)) {
      problems.push(`cache-control ${outcome.cacheControl || '(none)'}`);
    }
    for (const iin of [...ctx.known, ...(c.iins ?? [])]) {
      if (holds(outcome.text, iin)) problems.push(`sends back IIN ${iin}`);
    }
    // In any writing: a path or name sent back percent-encoded, in groups or in other scripts' digits.
    if (containsIin(outcome.text) || containsIin(decoded(outcome.text))) problems.push('sends back an IIN');
    const head = await ledger.store.headPosition();
    if (ledger.store.comparePositions(head!, lastHead!) !== 0) {
      const written = await ledger.store.readAll({ after: lastHead, maxCount: 20 });
      problems.push(`wrote to the log: ${written.map((e) => `${e.type} on ${e.stream}`).join(', ')}`);
      lastHead = head;
    }
    if (problems.length === 0) return undefined;
    return `${mutation} · ${c.detail}: ${problems.join('; ')} | sent ${c.method ?? 'GET'} ${c.url.slice(0, 200)} | got ${outcome.status} ${outcome.text.slice(0, 300)}`;
  }
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  ExportVerifier,
  generateSigningKeyPem,
  KEYRING_FORMAT,
  keyringEntry,
  loadSigningKey,
  LogHashRecount,
  nextLogHash,
  signPayload,
  SigningKey,
  toAppend,
} from '@ledger/ledger-log';
import { run } from '../../../audit/src/main';
import { exportLines } from './ledger-export';
import {
  damageTablePage,
  eventLinesOf,
  exportText,
  forge,
  garbleStoredText,
  reseal,
  LogWriter,
  smallHistory,
} from './testing/export-fixtures';

/**
 * The export and its verifier, end to end without the service: what is signed, what a forger or a
 * careless edit changes, and how `audit verify` reports it.
 */
describe('exports and audit verify', () => {
  const ledgerKey = loadSigningKey(generateSigningKeyPem());
  let work: string;
  let store: SqliteEventStore;
  let log: string[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-export-spec-'));
    store = new SqliteEventStore({ file: ':memory:' });
    await smallHistory(new LogWriter(store), ledgerKey, 300);
    log = await exportText(store, ledgerKey);
  });

  afterAll(async () => {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  });

  let files = 0;
  function write(lines: readonly string[]): string {
    const file = join(work, `export-${++files}.ndjson`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  function pemFile(key: SigningKey): string {
    const file = join(work, `key-${key.keyId}.pem`);
    writeFileSync(file, key.publicKeyPem);
    return file;
  }

  async function verify(lines: readonly string[], ...flags: string[]) {
    let output = '';
    let errors = '';
    const code = await run(
      ['verify', write(lines), ...flags],
      (t) => (output += t),
      (t) => (errors += t),
    );
    return { code, output, errors };
  }

  const pinned = () => ['--public-key', pemFile(ledgerKey)];
  const value = (line: string) => JSON.parse(line);

  it('writes from the stored text exactly the bytes it writes from parsed events', async () => {
    // The same store, seen as one that keeps no text (as EventStoreDB): every event parsed and written again.
    const parsedOnly = Object.assign(Object.create(store) as SqliteEventStore, { readAllText: undefined });
    expect(store.readAllText).toBeDefined();
    expect(log).toEqual(await exportText(parsedOnly, ledgerKey));
    expect(eventLinesOf(log).length).toBeGreaterThan(1200);
  });

  it('holds the log as it stood when the export began, while writes go on', async () => {
    const busy = new SqliteEventStore({ file: ':memory:' });
    try {
      const writer = new LogWriter(busy);
      await smallHistory(writer, ledgerKey, 300);
      const before = writer.events;
      let text = '';
      let chunks = 0;
      const source = {
        store: busy,
        signingKey: ledgerKey,
        catalogueVersion: '2025.1',
        createdAt: '2026-01-01T00:00:00.000Z',
        policyIds: [],
      };
      for await (const chunk of exportLines(source, { kind: 'log' })) {
        text += chunk;
        // A reader slower than the ledger: after each page, more is written than it has read.
        if (++chunks <= 4)
          await smallHistory(writer, ledgerKey, 200, Date.parse('2025-06-01T00:00:00Z') + chunks * 1e9);
      }
      expect(writer.events).toBeGreaterThan(before + 2000);
      const lines = text.trim().split('\n');
      expect(eventLinesOf(lines)).toHaveLength(before);
      expect(value(lines[lines.length - 1]!)).toMatchObject({ kind: 'seal', events: before });
      expect((await verify(lines, ...pinned())).code).toBe(0);
    } finally {
      await busy.close();
    }
  });

  it('carries a person’s newest checkpoint without reading every checkpoint before it', async () => {
    const busy = new SqliteEventStore({ file: ':memory:' });
    try {
      const writer = new LogWriter(busy);
      await smallHistory(writer, ledgerKey, 3);
      for (let i = 0; i < 300; i += 1) {
        await writer.append(
          'checkpoint-log',
          [{ type: 'LogCheckpointSigned', data: { n: i } }],
          '2025-03-02T00:00:00.000Z',
        );
      }
      let checkpointsRead = 0;
      const watched = Object.create(busy) as SqliteEventStore;
      watched.readStream = async (stream, options) => {
        const events = await busy.readStream(stream, options);
        if (stream === 'checkpoint-log') checkpointsRead += events.length;
        return events;
      };
      const subjectId = '0'.repeat(32);
      const lines = await exportText(watched, ledgerKey, { kind: 'subject', subjectId });
      const carried = lines.map(value).filter((l) => l.kind === 'checkpoint');
      expect(carried.map((l) => l.event.data)).toEqual([{ n: 299 }]);
      expect(checkpointsRead).toBeLessThanOrEqual(2 * 9 + 1);
    } finally {
      await busy.close();
    }
  });

  it('exports a person looked at thousands of times a page at a time, not their streams whole', async () => {
    const busy = new SqliteEventStore({ file: ':memory:' });
    try {
      const writer = new LogWriter(busy);
      const subjectId = 'a'.repeat(32);
      await writer.append(
        `subject-${subjectId}`,
        [{ type: 'ConsentGranted', data: { consentId: 'c' } }],
        '2025-03-01T00:00:00.000Z',
      );
      for (let i = 0; i < 3000; i += 100) {
        const looks = Array.from({ length: 100 }, (_, n) => ({ type: 'PersonalDataAccessed', data: { n: i + n } }));
        await writer.append(`access-${subjectId}`, looks, '2025-03-01T00:00:00.000Z');
      }
      let read = 0;
      const watched = Object.create(busy) as SqliteEventStore;
      watched.readStream = async (stream, options) => {
        const events = await busy.readStream(stream, options);
        read += events.length;
        return events;
      };
      const source = {
        store: watched,
        signingKey: ledgerKey,
        catalogueVersion: '2025.1',
        createdAt: '2026-01-01T00:00:00.000Z',
        policyIds: [],
      };
      let text = '';
      let readAtFirstEvents: number | undefined;
      for await (const chunk of exportLines(source, { kind: 'subject', subjectId })) {
        text += chunk;
        if (readAtFirstEvents === undefined && chunk.includes('"kind":"event"')) readAtFirstEvents = read;
      }
      // The first page went out after a page of each stream had been read, not all 3,001 events.
      expect(readAtFirstEvents).toBeLessThanOrEqual(2 * 500);
      const lines = text.trim().split('\n');
      expect(eventLinesOf(lines)).toHaveLength(3001);
      expect((await verify(lines, ...pinned())).code).toBe(0);
    } finally {
      await busy.close();
    }
  });

  it('verifies an untouched export only as far as its signer is pinned', async () => {
    expect(await verify(log, ...pinned())).toMatchObject({
      code: 0,
      output: expect.stringMatching(/^OK whole log: 1230 events/),
    });
    expect(await verify(log, '--key-fingerprint', ledgerKey.fingerprint)).toMatchObject({ code: 0 });
    const unpinned = await verify(log);
    expect(unpinned.code).toBe(4);
    expect(unpinned.output.split('\n')[0]).toMatch(
      /^UNPINNED whole log: .* intact, but nothing proves who signed them/,
    );
  });

  it('does not pass a forged export: events deleted, chains rebuilt, everything re-signed with a fresh key', async () => {
    const victim = eventLinesOf(log).find((l) => l.type === 'DisclosureRecorded')!;
    const forged = await forge(log, (l) => l.id === victim.id, loadSigningKey(generateSigningKeyPem()));
    expect(forged.join('\n')).not.toContain(victim.id);
    // Self-consistent: with the keys it carries it holds together, and so it must not exit 0.
    const unpinned = await verify(forged);
    expect(unpinned.code).toBe(4);
    const checked = await verify(forged, ...pinned());
    expect(checked.code).toBe(1);
    expect(checked.output).toContain('key-mismatch');
  });

  it('says when the export was made, and refuses one made before the auditor asked for it (--made-after)', async () => {
    // A genuine older export verifies as well as today's: handed over as current, it must not pass.
    const older = await exportText(store, ledgerKey, { kind: 'log' }, { createdAt: '2025-12-01T00:00:00.000Z' });
    const newest = JSON.parse(log[eventLinesOf(log).at(-1)!.index]).event.metadata.recordedAt;
    const asked = '2025-12-31T00:00:00Z';
    const refused = await verify(older, ...pinned(), '--made-after', asked);
    expect([refused.code, refused.output]).toEqual([
      1,
      'FAILED export-too-old: the export was made at 2025-12-01T00:00:00.000Z, before 2025-12-31T00:00:00.000Z (--made-after): ' +
        'it is an older export, not the one asked for then, and holds nothing the ledger recorded since\n',
    ]);
    const fresh = await verify(log, ...pinned(), '--made-after', asked);
    expect(fresh.code).toBe(0);
    expect(fresh.output.split('\n')[1]).toBe(
      `made 2026-01-01T00:00:00.000Z, its newest event recorded ${newest}: the log as it stood then, nothing recorded since ` +
        '(--made-after <when you asked for it> refuses an older export)',
    );
    expect((await verify(log, ...pinned(), '--made-after', 'yesterday')).code).toBe(2);
  });

  it('holds a later export to a log head the auditor kept (--log-head), even one re-signed with the ledger’s own key', async () => {
    const original = await verify(log, ...pinned());
    const kept = /log head: (\d+:[0-9a-f]{64}) — keep it/.exec(original.output)![1];
    expect(kept.startsWith('1230:')).toBe(true);
    expect(await verify(log, ...pinned(), '--log-head', kept)).toMatchObject({
      code: 0,
      output: expect.stringContaining('held to 1 log head(s)'),
    });

    // Whoever holds the ledger's key can drop an event and re-sign everything: the key alone passes it.
    const victim = eventLinesOf(log).filter((l) => l.type === 'DisclosureRecorded')[50];
    const rewritten = await forge(log, (l) => l.id === victim.id, ledgerKey);
    expect((await verify(rewritten, ...pinned())).code).toBe(0);
    // A head kept from before the rewrite does not: same count, another hash ...
    const events = eventLinesOf(log);
    const headAt = (lines: readonly string[], events: number) => {
      let hash = '0'.repeat(64);
      eventLinesOf(lines)
        .slice(0, events)
        .forEach((l) => (hash = nextLogHash(hash, JSON.parse(lines[l.index]).hash)));
      return `${events}:${hash}`;
    };
    const n = events.findIndex((l) => l.index > victim.index + 5) + 1;
    expect(n).toBeGreaterThan(1);
    const mismatch = await verify(rewritten, ...pinned(), '--log-head', headAt(log, n));
    expect(mismatch.code).toBe(1);
    expect(mismatch.output).toContain(`head-mismatch: an earlier export showed the log's first ${n} events`);
    // ... or the whole head, now longer than the rewritten log.
    expect((await verify(rewritten, ...pinned(), '--log-head', kept)).output).toContain('the history was cut since');
    // A head from before the rewritten event still holds.
    expect((await verify(rewritten, ...pinned(), '--log-head', headAt(log, 10))).code).toBe(0);
    // Two heads kept at one count (the ledger showed two histories): both are held, in either order.
    for (const heads of [
      [headAt(rewritten, n), headAt(log, n)],
      [headAt(log, n), headAt(rewritten, n)],
    ]) {
      const both = await verify(rewritten, ...pinned(), ...heads.flatMap((h) => ['--log-head', h]));
      expect([both.code, both.output]).toEqual([1, expect.stringContaining('head-mismatch')]);
    }
    // Nonsense is a usage error.
    expect((await verify(log, ...pinned(), '--log-head', '12:abc')).code).toBe(2);
  });

  it('covers every field of the header', async () => {
    const edits: [string, (header: any) => void][] = [
      ['createdAt', (h) => (h.createdAt = '2026-01-02T00:00:00.000Z')],
      ['catalogueVersion', (h) => (h.catalogueVersion = '2024.9')],
      [
        'scope',
        (h) => (h.scope = { kind: 'period', from: '2025-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }),
      ],
      ['a key period', (h) => (h.signing.keyring[0].validUntil = '2025-06-01T00:00:00.000Z')],
      ['an added field', (h) => (h.note = 'fine')],
    ];
    for (const [what, edit] of edits) {
      const header = value(log[0]);
      edit(header);
      const result = await verify([JSON.stringify(header), ...log.slice(1)], ...pinned());
      expect([what, result.code]).toEqual([what, 1]);
      expect(result.output).toMatch(/header-changed|key-not-valid-then/);
    }
  });

  it('covers every event’s position, and every field of its line', async () => {
    const target = eventLinesOf(log)[1500 / 2];
    const moved = [...log];
    moved[target.index] = moved[target.index].replace(/"position":"(\d+)"/, (_m, p) => `"position":"${Number(p) + 1}"`);
    const result = await verify(moved, ...pinned());
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/mark-mismatch|seal-mismatch/);

    const added = [...log];
    added[target.index] = added[target.index].replace('{"kind":"event",', '{"kind":"event","note":1,');
    expect((await verify(added, ...pinned())).output).toContain('not-an-event-line');

    const reformatted = [...log];
    reformatted[target.index] = reformatted[target.index].replace('"data":{', '"data": {');
    expect((await verify(reformatted, ...pinned())).output).toContain('content-changed');
  });

  it('reads an event line only in the form the ledger writes: no member twice, no other spelling', async () => {
    // JSON.parse keeps the last of two equal names; the second-pass log-hash recount reads the first
    // "hash" it meets. A decoy must not pass, nor any line whose fields read otherwise than written.
    const target = eventLinesOf(log)[400];
    const edits: [string, (line: string) => string][] = [
      ['a decoy hash first', (l) => l.replace('"hash":"', `"hash":"${'0'.repeat(64)}","hash":"`)],
      ['a decoy position first', (l) => l.replace('"position":"', '"position":"1","position":"')],
      ['a name spelled with an escape', (l) => l.replace('"position":', '"\\u0070osition":')],
      ['a space after a comma', (l) => l.replace(',"follows":', ', "follows":')],
      ['follows with a decoy stream', (l) => l.replace('"follows":{"stream":', '"follows":{"stream":"x","stream":')],
    ];
    for (const [what, edit] of edits) {
      const lines = [...log];
      lines[target.index] = edit(lines[target.index]);
      expect([what, lines[target.index] === log[target.index]]).toEqual([what, false]);
      expect(JSON.parse(lines[target.index]).hash).toBe(JSON.parse(log[target.index]).hash);
      const result = await verify(lines, ...pinned());
      expect([what, result.code, result.output]).toEqual([what, 1, expect.stringContaining('not-an-event-line')]);
    }
  });

  it('reads the header, marks and seal only as written: a member twice or another spelling fails', async () => {
    const mark = log.findIndex((l) => l.startsWith('{"kind":"mark"'));
    const seal = log.length - 1;
    const edits: [string, number, (line: string) => string][] = [
      ['a decoy count first in a mark', mark, (l) => l.replace('"events":', '"events":999,"events":')],
      ['a count written 1e3', mark, (l) => l.replace('"events":1000,', '"events":1e3,')],
      ['a decoy kind in the seal', seal, (l) => l.replace('"kind":"seal"', '"kind":"error","kind":"seal"')],
      [
        'a decoy creation time in the header',
        0,
        (l) => l.replace('"createdAt":', '"createdAt":"2020-01-01T00:00:00.000Z","createdAt":'),
      ],
    ];
    for (const [what, index, edit] of edits) {
      const lines = [...log];
      lines[index] = edit(lines[index]);
      expect([what, lines[index] === log[index]]).toEqual([what, false]);
      const result = await verify(lines, ...pinned());
      expect([what, result.code, result.output]).toEqual([what, 1, expect.stringContaining('not-as-written')]);
    }
    // A byte-order mark an editor put in front is named as such.
    const bom = await verify(['\uFEFF' + log[0], ...log.slice(1)], ...pinned());
    expect(bom.code).toBe(1);
    expect(bom.output).toContain('byte-order mark');
  });

  it('reads a signature only as the ledger spells it: the same bytes in another base64 spelling fail', async () => {
    const mark = log.findIndex((l) => l.startsWith('{"kind":"mark"'));
    const seal = log.length - 1;
    const respelled = (line: string, respell: (signature: string) => string) => {
      const signature = value(line).signature as string;
      const other = respell(signature);
      // Base64 decoding skips what it does not know and the padding's spare bits: the same 64 bytes.
      expect([other !== signature, Buffer.from(other, 'base64').equals(Buffer.from(signature, 'base64'))]).toEqual([
        true,
        true,
      ]);
      return line.replace(`"signature":"${signature}"`, `"signature":"${other}"`);
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const spareBits = (s: string) => {
      const at = s.length - 3; // the last character before '==' carries 4 spare bits
      const same = [...alphabet].find(
        (c) => c !== s[at] && Buffer.from(s.slice(0, at) + c + '==', 'base64').equals(Buffer.from(s, 'base64')),
      )!;
      return s.slice(0, at) + same + '==';
    };
    const edits: [string, number, (s: string) => string][] = [
      ['padding dropped from the seal', seal, (s) => s.replace(/=+$/, '')],
      ['a padding byte flipped in the seal', seal, (s) => s.slice(0, -1) + '<'],
      ['spare bits set in the mark', mark, spareBits],
      ['a space inside the seal', seal, (s) => s.slice(0, 10) + ' ' + s.slice(10)],
    ];
    for (const [what, index, respell] of edits) {
      const lines = [...log];
      lines[index] = respelled(lines[index], respell);
      const result = await verify(lines, ...pinned());
      expect([what, result.code, result.output]).toEqual([
        what,
        1,
        expect.stringMatching(/^FAILED (mark|seal)-signature-invalid: /),
      ]);
    }
  });

  it('refuses a header, even signed, whose scope the ledger never exports: it would be reported as another', async () => {
    for (const scope of [
      { kind: 'everything' },
      { kind: 'subject', subjectId: '../x' },
      { kind: 'period', from: 'then' },
    ]) {
      const lines = await exportText(store, ledgerKey, scope as never);
      const result = await verify(lines, ...pinned());
      expect([scope, result.code, result.output]).toEqual([scope, 1, expect.stringMatching(/^FAILED bad-header: /)]);
    }
  });

  it('refuses an event its scope does not hold, even signed: another person’s in a person’s export, one from outside a period', async () => {
    const person = (p: number) => p.toString(16).padStart(32, '0');
    const mine = await exportText(store, ledgerKey, { kind: 'subject', subjectId: person(3) });
    const other = eventLinesOf(log).find((l) => l.stream === `subject-${person(4)}`)!;
    const withOther = [...mine.slice(0, -2), log[other.index], ...mine.slice(-2)];
    expect(eventLinesOf(withOther).map((l) => l.stream)).toContain(`subject-${person(4)}`);
    const sealed = reseal(withOther, ledgerKey, (header) => header);
    expect(
      (
        await verify(
          reseal(mine, ledgerKey, (header) => header),
          ...pinned(),
        )
      ).code,
    ).toBe(0);
    const foreign = await verify(sealed, ...pinned());
    expect([foreign.code, foreign.output]).toEqual([1, expect.stringMatching(/^FAILED outside-scope: .*subject-0+4/)]);

    // The whole log said to be the period from its 100th event's recording on.
    const from = value(log[eventLinesOf(log)[100].index]).event.metadata.recordedAt as string;
    const narrowed = reseal(log, ledgerKey, (header) => ({
      ...header,
      scope: { kind: 'period', from, to: '2030-01-01T00:00:00.000Z' },
    }));
    const early = await verify(narrowed, ...pinned());
    expect([early.code, early.output]).toEqual([
      1,
      expect.stringMatching(/^FAILED outside-scope: .*outside the export's period/),
    ]);
  });

  it('fails, never crashes, on values no export line holds: a format that is no string, a seal naming no event', async () => {
    const header = value(log[0]);
    const { signature: _, ...seal } = value(log[log.length - 1]);
    const odd = { ...seal, follows: { stream: { toString: 1 }, revision: 0 } };
    const cases: [string, string[], RegExp][] = [
      [
        'a format of objects',
        [JSON.stringify({ ...header, format: [{ toString: 1 }] }), ...log.slice(1)],
        /^FAILED bad-header: /,
      ],
      [
        'a signed seal whose last event has an object for its stream',
        [...log.slice(0, -1), JSON.stringify({ ...odd, signature: signPayload(ledgerKey, odd) })],
        /^FAILED line-unreadable: line \d+ holds values no export line holds/,
      ],
    ];
    for (const [what, lines, expected] of cases) {
      const result = await verify(lines, ...pinned());
      expect([what, result.code, result.output, result.errors]).toEqual([what, 1, expect.stringMatching(expected), '']);
    }
  });

  it('holds the marks to where the ledger writes them: one right after every 1000th event, none elsewhere', async () => {
    const mark = log.findIndex((l) => l.startsWith('{"kind":"mark"'));
    const edits: [string, string[], RegExp][] = [
      ['the mark removed', log.filter((_, i) => i !== mark), /^FAILED mark-missing: line 1002: /],
      ['the mark twice', [...log.slice(0, mark + 1), log[mark], ...log.slice(mark + 1)], /^FAILED mark-unexpected: /],
    ];
    for (const [what, lines, expected] of edits) {
      const result = await verify(lines, ...pinned());
      expect([what, result.code, result.output]).toEqual([what, 1, expect.stringMatching(expected)]);
    }
  });

  it('names the stream and revision of a dropped last event of a stream', async () => {
    // A person's disclosure is the last event of their stream.
    const last = eventLinesOf(log).filter((l) => l.type === 'DisclosureRecorded')[123];
    const result = await verify(
      log.filter((_, i) => i !== last.index),
      ...pinned(),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('sequence-broken');
    expect(result.output).toContain(`${last.stream} revision ${last.revision} is missing`);

    const final = eventLinesOf(log).at(-1)!;
    const tail = await verify(
      log.filter((_, i) => i !== final.index),
      ...pinned(),
    );
    expect(tail.output).toContain(`${final.stream} revision ${final.revision} is missing`);
  });

  it('names the streams and revisions of two events swapped between streams', async () => {
    const events = eventLinesOf(log);
    const a = events[200];
    const b = events.find((l) => l.index > a.index + 3 && l.stream !== a.stream)!;
    const swapped = [...log];
    [swapped[a.index], swapped[b.index]] = [swapped[b.index], swapped[a.index]];
    const result = await verify(swapped, ...pinned());
    expect(result.code).toBe(1);
    expect(result.output).toContain('sequence-broken');
    expect(result.output).toContain(`${b.stream} revision ${b.revision}`);
    expect(result.output).toContain(`${events[199].stream} revision ${events[199].revision}`);
  });

  it('stops at a line longer than any the ledger writes, names it, and exits 1 (not a file error)', async () => {
    // Read whole, a line past 512 MiB ended in "Cannot create a string longer than …" with exit 3.
    const file = join(work, 'long-line.ndjson');
    const long = Buffer.alloc(64 * 1024 * 1024 + 1, 'a');
    writeFileSync(file, Buffer.concat([Buffer.from(`${log[0]}\n${log[1]}\n{"kind":"event","x":"`), long]));
    let output = '';
    const code = await run(
      ['verify', file, ...pinned()],
      (t) => (output += t),
      () => undefined,
    );
    expect({ code, output }).toEqual({
      code: 1,
      output: expect.stringMatching(/^FAILED line-too-long: line 3 is longer than 64 MiB/),
    });
  });

  describe('across a key rotation', () => {
    const oldKey = loadSigningKey(generateSigningKeyPem());
    const newKey = loadSigningKey(generateSigningKeyPem());
    const rotatedAt = '2025-06-01T00:00:00.000Z';
    let rotated: string[];
    let backdated: string[];
    let backdatedPerson: string[];
    let keyringFile: string;

    beforeAll(async () => {
      const rotatingStore = new SqliteEventStore({ file: ':memory:' });
      const writer = new LogWriter(rotatingStore);
      // People 20-24 have nothing recorded after the rotation.
      await smallHistory(writer, oldKey, 25, Date.parse('2025-03-01T00:00:00Z'));
      await smallHistory(writer, newKey, 20, Date.parse('2025-07-01T00:00:00Z'));
      const keyring = [
        keyringEntry(oldKey.publicKeyPem, { validUntil: rotatedAt }),
        keyringEntry(newKey.publicKeyPem, { validFrom: rotatedAt }),
      ];
      rotated = await exportText(rotatingStore, newKey, { kind: 'log' }, { keyring });
      // Whoever kept the retired key signs today's log under it, dating the export before its retirement.
      backdated = await exportText(
        rotatingStore,
        oldKey,
        { kind: 'log' },
        { keyring, createdAt: '2025-05-01T00:00:00.000Z' },
      );
      // The same for one of them: their export ends with the newest checkpoint, signed after the rotation.
      backdatedPerson = await exportText(
        rotatingStore,
        oldKey,
        { kind: 'subject', subjectId: (20).toString(16).padStart(32, '0') },
        { keyring, createdAt: '2025-05-01T00:00:00.000Z' },
      );
      await rotatingStore.close();
      keyringFile = join(work, 'keyring.json');
      writeFileSync(keyringFile, JSON.stringify({ format: KEYRING_FORMAT, keys: keyring }));
    });

    it('verifies with the keyring: each checkpoint under the key of its time', async () => {
      const result = await verify(rotated, '--keyring', keyringFile);
      expect(result.code).toBe(0);
      expect(result.output).toContain('checkpoints: 4 recomputed and matched');
      expect(result.output).toContain(oldKey.keyId);
      expect(result.output).toContain(newKey.keyId);
    });

    it('refuses an older checkpoint when only today’s key is pinned, and says how to give the keyring', async () => {
      const result = await verify(rotated, '--public-key', pemFile(newKey));
      expect(result.code).toBe(1);
      expect(result.output).toContain(`key-mismatch: checkpoint`);
      expect(result.output).toContain(`signed with key ${oldKey.keyId}`);
      expect(result.output).toContain('--keyring');
    });

    it('refuses an export signed by a retired key and dated back, holding events recorded after its retirement', async () => {
      const result = await verify(backdated, '--keyring', keyringFile);
      expect(result.code).toBe(1);
      expect(result.output).toContain('key-not-valid-then');
      expect(result.output).toMatch(/holds events recorded up to 2025-07-01T00:\d\d:00.000Z/);
    });

    it('refuses a person’s export signed by a retired key and dated back, ending with a checkpoint signed after its retirement', async () => {
      expect(value(backdatedPerson.at(-2)!)).toMatchObject({
        kind: 'checkpoint',
        event: { metadata: { recordedAt: expect.stringMatching(/^2025-07-01T/) } },
      });
      const result = await verify(backdatedPerson, '--keyring', keyringFile);
      expect([result.code, result.output]).toEqual([
        1,
        expect.stringMatching(
          /^FAILED key-not-valid-then: the export \(dated 2025-05-01T00:00:00.000Z, but it holds events recorded up to 2025-07-01T/,
        ),
      ]);
    });

    it('refuses a checkpoint signed outside its key’s validity', async () => {
      const early = join(work, 'early-keyring.json');
      writeFileSync(
        early,
        JSON.stringify({
          format: KEYRING_FORMAT,
          keys: [
            keyringEntry(oldKey.publicKeyPem, { validUntil: '2025-03-01T00:05:00.000Z' }),
            keyringEntry(newKey.publicKeyPem),
          ],
        }),
      );
      const result = await verify(rotated, '--keyring', early);
      expect(result.code).toBe(1);
      expect(result.output).toMatch(
        /key-not-valid-then: checkpoint .* signed 2025-03-01T00:09:00.000Z\) is signed with key/,
      );
    });
  });

  it('ends an export at an event whose stored text is no longer JSON with the lines before it, which verify as incomplete', async () => {
    const file = join(work, 'garbled.sqlite');
    const onDisk = new SqliteEventStore({ file });
    await smallHistory(new LogWriter(onDisk), ledgerKey, 60);
    const whole = await exportText(onDisk, ledgerKey);
    const before = eventLinesOf(whole).findIndex((l) => value(whole[l.index]).event.data.consentId === 'c-37');
    expect(before).toBeGreaterThan(100);
    await onDisk.close();
    // A byte changed on disk where SQLite does not notice: the row reads, its text no longer parses.
    garbleStoredText(file, '{"consentId":"c-37",', '["consentId":"c-37",');

    const store = new SqliteEventStore({ file });
    const lines = await exportText(store, ledgerKey, { kind: 'log' }, { onError: () => undefined });
    await store.close();
    expect(value(lines.at(-1)!)).toMatchObject({ kind: 'error', code: 'export-failed', events: before });
    expect(eventLinesOf(lines)).toHaveLength(before);
    const result = await verify(lines, ...pinned());
    expect([result.code, result.output]).toEqual([
      5,
      expect.stringMatching(
        new RegExp(`^INCOMPLETE whole log: the ledger stopped the export after ${before} events \\(export-failed`),
      ),
    ]);
  });

  it('ends an export that hits a damaged file with a signed error record, and verify reports it incomplete', async () => {
    const file = join(work, 'damaged.sqlite');
    const onDisk = new SqliteEventStore({ file });
    const writer = new LogWriter(onDisk);
    await smallHistory(writer, ledgerKey, 400);
    const whole = await exportText(onDisk, ledgerKey);
    const marker = eventLinesOf(whole)[1200].id;
    await onDisk.close();
    damageTablePage(file, marker);

    const damaged = new SqliteEventStore({ file });
    const errors: unknown[] = [];
    const lines = await exportText(damaged, ledgerKey, { kind: 'log' }, { onError: (e) => errors.push(e) });
    await damaged.close();
    const last = value(lines.at(-1)!);
    expect(last).toMatchObject({
      kind: 'error',
      code: 'store-damaged',
      message: expect.stringContaining('database disk image is malformed'),
    });
    expect(errors).toHaveLength(1);
    expect(last.events).toBeGreaterThan(0);
    expect(last.events).toBeLessThanOrEqual(1200);

    const result = await verify(lines, ...pinned());
    expect(result.code).toBe(5);
    expect(result.output).toMatch(
      new RegExp(`^INCOMPLETE whole log: the ledger stopped the export after ${last.events} events \\(store-damaged`),
    );
    // A log head kept from before, past where the export stops, cannot be checked: it says so, not that all verified.
    let hash = '0'.repeat(64);
    eventLinesOf(whole)
      .slice(0, last.events + 10)
      .forEach((l) => (hash = nextLogHash(hash, JSON.parse(whole[l.index]).hash)));
    const held = await verify(lines, ...pinned(), '--log-head', `${last.events + 10}:${hash}`);
    expect(held.code).toBe(5);
    expect(held.output).toContain(`log head(s) at ${last.events + 10} events NOT checked`);
    // The error record is signed like the seal: a forged one does not pass.
    const edited = [...lines.slice(0, -1), JSON.stringify({ ...last, events: last.events - 1 })];
    expect((await verify(edited, ...pinned())).code).toBe(1);
    // Cut before the error record, it is an export cut short.
    expect((await verify(lines.slice(0, -1), ...pinned())).output).toContain('seal-missing');
  });

  /** A log of three people and a checkpoint over it signed by the ledger's key, its body edited first. */
  async function withCheckpoint(edit: (body: Record<string, unknown>, ids: readonly string[]) => void) {
    const own = new SqliteEventStore({ file: ':memory:' });
    const writer = new LogWriter(own);
    await smallHistory(writer, ledgerKey, 3);
    const lines = await exportText(own, ledgerKey);
    const before = eventLinesOf(lines);
    let logHash = '0'.repeat(64);
    for (const l of before) logHash = nextLogHash(logHash, JSON.parse(lines[l.index]).hash);
    const body: Record<string, unknown> = {
      eventsCovered: before.length,
      lastEventId: before.at(-1)!.id,
      logHash,
      keyId: ledgerKey.keyId,
      algorithm: 'Ed25519',
    };
    edit(
      body,
      before.map((l) => l.id),
    );
    const at = '2025-03-01T01:00:00.000Z';
    const [checkpoint] = toAppend(
      [{ type: CHECKPOINT_EVENT_TYPE, data: { ...body, signature: signPayload(ledgerKey, body) } }],
      {
        commandId: 'checkpoint-x',
        correlationId: 'checkpoint-x',
        actor: { kind: 'system', id: 'checkpoint-writer' },
        occurredAt: at,
        recordedAt: at,
      },
    );
    await writer.copy(CHECKPOINT_STREAM, checkpoint);
    const signed = await exportText(own, ledgerKey);
    await own.close();
    return { signed, before };
  }

  it('refuses a checkpoint, even signed, that names a key by less than its key id', async () => {
    const untouched = await withCheckpoint(() => undefined);
    expect((await verify(untouched.signed, ...pinned())).code).toBe(0);
    // Eight hex digits are a prefix of the pinned key's fingerprint, not the id of any key.
    const { signed } = await withCheckpoint((body) => (body.keyId = ledgerKey.keyId.slice(0, 8)));
    for (const pin of [pinned(), ['--key-fingerprint', ledgerKey.fingerprint]]) {
      const result = await verify(signed, ...pin);
      expect([result.code, result.output]).toEqual([
        1,
        expect.stringMatching(
          new RegExp(
            `^FAILED key-mismatch: checkpoint .* is signed with key ${ledgerKey.keyId.slice(0, 8)}, which is not among`,
          ),
        ),
      ]);
    }
  });

  it('refuses a checkpoint, even signed, that names another event than the last it covers', async () => {
    // The ledger's start-up check holds a checkpoint's lastEventId to the log; verify did not.
    const { signed, before } = await withCheckpoint((body, ids) => (body.lastEventId = ids[0]));
    const last = before.at(-1)!.id;
    const reason = new RegExp(
      `signed event ${before.length} of the log as ${before[0].id}, but the export's event ${before.length} is ${last}, though the log hash matches`,
    );
    const result = await verify(signed, ...pinned());
    expect([result.code, result.output]).toEqual([
      1,
      expect.stringMatching(/^FAILED checkpoint-mismatch: checkpoint /),
    ]);
    expect(result.output).toMatch(reason);
    // Recomputed in the second pass, the same.
    const far = new ExportVerifier({
      pinned: [{ fingerprint: ledgerKey.fingerprint, publicKeyPem: ledgerKey.publicKeyPem }],
      recent: 1,
    });
    signed.forEach((line, i) => expect(far.accept(line, i + 1)).toBeUndefined());
    expect(far.finish(signed.length)).toBeUndefined();
    const recount = new LogHashRecount(new Set(far.deferredCheckpoints().map((d) => d.eventsCovered)));
    signed.forEach((line) => recount.accept(line));
    expect(far.settleDeferred(recount.at, recount.ids)).toMatchObject({
      code: 'checkpoint-mismatch',
      reason: expect.stringMatching(reason),
    });
  });

  it('recomputes a checkpoint that covers events further back than it keeps, in a second pass', () => {
    const lines = log;
    const verifier = new ExportVerifier({
      pinned: [{ fingerprint: ledgerKey.fingerprint, publicKeyPem: ledgerKey.publicKeyPem }],
      recent: 1,
    });
    lines.forEach((line, i) => expect(verifier.accept(line, i + 1)).toBeUndefined());
    expect(verifier.finish(lines.length)).toBeUndefined();
    const deferred = verifier.deferredCheckpoints();
    expect(deferred.length).toBeGreaterThan(0);
    const recount = new LogHashRecount(new Set(deferred.map((d) => d.eventsCovered)));
    lines.forEach((line) => recount.accept(line));
    expect(verifier.settleDeferred(recount.at, recount.ids)).toBeUndefined();
    expect(verifier.report().checkpointsMatched).toBe(30);

    const wrong = new ExportVerifier({ recent: 1 });
    lines.forEach((line, i) => wrong.accept(line, i + 1));
    const claim = wrong.deferredCheckpoints()[0];
    expect(wrong.settleDeferred(new Map([[claim.eventsCovered, '0'.repeat(64)]]), recount.ids)).toMatchObject({
      code: 'checkpoint-mismatch',
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMs } from '@ledger/consent-domain';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { eventLinesOf, ExportedLine, forge } from '../../apps/ledger/src/exporting/testing/export-fixtures';
import { audit } from '../support/audit-cli';
import { DAY, key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { smsGrantRequest } from '../support/requests';

/**
 * What only the holder of the ledger's key can write — a history rewritten and re-signed — still has
 * to keep the rules of the ledger's clock; lines the ledger never writes are refused, never crash the
 * verifier; and an export that lacks part of what an answer rests on says so instead of answering.
 */
describe('audit verify against a key holder, odd lines, and partial histories', () => {
  let ledger: Ledger;
  let work: string;
  let keyFile: string;
  let log: string[];

  beforeAll(async () => {
    ledger = await startLedger();
    const end = ledger.clock.now();
    await generateDemoHistory((url, k, body) => ledger.command(url, k, body), ledger.clock, {
      people: 6,
      seed: 11,
      end,
    });
    ledger.clock.release();
    expect((await ledger.request('POST', '/v1/integrity/checkpoints')).status).toBe(201);
    work = mkdtempSync(join(tmpdir(), 'ledger-audit-rewritten-'));
    keyFile = join(work, 'ledger.pem');
    writeFileSync(keyFile, (await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem);
    log = await exportLines('/v1/exports/log');
  }, 60_000);

  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
    removeDir(work);
  });

  async function exportLines(url: string): Promise<string[]> {
    const token = await ledger.token(['auditor']);
    const reply = await ledger.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(reply.statusCode).toBe(200);
    return reply.body.trimEnd().split('\n');
  }

  let files = 0;
  function write(content: string): string {
    const file = join(work, `export-${++files}.ndjson`);
    writeFileSync(file, content);
    return file;
  }

  const verify = (content: string) => audit('verify', write(content), '--public-key', keyFile);
  const text = (lines: readonly string[]) => lines.join('\n') + '\n';
  const at = (lines: readonly string[], l: ExportedLine) => JSON.parse(lines[l.index]).event.metadata;

  describe('a history rewritten and re-signed with the ledger’s own key', () => {
    const rewritten = (edit: Parameters<typeof forge>[3]) =>
      forge(log, () => false, ledger.config.signingKey, edit).then(text);

    it('verifies when only re-signed: what fails below is the times alone', async () => {
      const result = await verify(await rewritten(() => undefined));
      expect(result).toMatchObject({ code: 0, output: expect.stringMatching(/^OK whole log/) });
    });

    it('names an event recorded before the event before it in its stream (the ledger "knew" it earlier)', async () => {
      const events = eventLinesOf(log);
      const later = events.find((l) => l.stream.startsWith('subject-') && l.revision === 2)!;
      const before = events.find((l) => l.stream === later.stream && l.revision === 1)!;
      const backdated = addMs(at(log, before).recordedAt, -1);
      const result = await verify(
        await rewritten((l, metadata) => {
          if (l.id === later.id) Object.assign(metadata, { recordedAt: backdated, occurredAt: backdated });
        }),
      );
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^FAILED recorded-at-backwards: /);
      expect(result.output).toContain(`${later.stream} revision 2`);
    });

    it('names an event whose times are not its command’s: a withdrawal recorded a moment before its own claim, or dated otherwise', async () => {
      const events = eventLinesOf(log);
      // A withdrawal right after its command's claim (the same commandId), days after the person's last event.
      const withdrawal = events.find(
        (l, i) =>
          l.type === 'ConsentWithdrawn' && at(log, events[i - 1]).commandId === at(log, l).commandId && l.revision > 0,
      )!;
      const claim = at(log, events[events.indexOf(withdrawal) - 1]);
      const earlier = await rewritten((l, metadata) => {
        if (l.id === withdrawal.id) metadata.recordedAt = addMs(claim.recordedAt, -1);
      });
      const backwards = await verify(earlier);
      expect([backwards.code, backwards.output]).toEqual([
        1,
        expect.stringMatching(/^FAILED recorded-at-backwards: .*before the event before it of the same command/),
      ]);
      expect(backwards.output).toContain(withdrawal.id);
      // Within every window, but not when its command happened: a withdrawal said to be a minute later.
      const later = await rewritten((l, metadata) => {
        if (l.id === withdrawal.id) metadata.occurredAt = addMs(claim.occurredAt, 60_000);
      });
      const differs = await verify(later);
      expect([differs.code, differs.output]).toEqual([1, expect.stringMatching(/^FAILED occurred-at-differs: /)]);
    });

    it('names an event recorded more than the widest clock skew before one the log holds before it', async () => {
      const events = eventLinesOf(log);
      const last = events[events.length - 1];
      const newest = events
        .map((l) => at(log, l).recordedAt as string)
        .sort()
        .pop()!;
      const backdated = addMs(newest, -2 * 60 * 60 * 1000);
      const result = await verify(
        await rewritten((l, metadata) => {
          if (l.id === last.id) Object.assign(metadata, { recordedAt: backdated, occurredAt: backdated });
        }),
      );
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^FAILED recorded-at-backwards: .*more than 3600 s before/);
      expect(result.output).toContain(last.id);
    });

    it('names an event that happened after the ledger recorded it, beyond any clock skew it allows', async () => {
      const grant = eventLinesOf(log).find((l) => l.type === 'ConsentGranted')!;
      const result = await verify(
        await rewritten((l, metadata) => {
          if (l.id === grant.id) metadata.occurredAt = addMs(metadata.recordedAt as string, 3600_000 + 1);
        }),
      );
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^FAILED occurred-after-recorded: /);
      expect(result.output).toContain(grant.id);
    });

    it('names a fact older than any late window, unless it came in through an import', async () => {
      const grant = eventLinesOf(log).find((l) => l.type === 'ConsentGranted')!;
      const command = at(log, grant).commandId;
      // Every event of the grant's command (its claim too), as an import writes them.
      const tooOld = (imported: boolean) =>
        rewritten((_, metadata) => {
          if (metadata.commandId !== command) return;
          metadata.occurredAt = addMs(metadata.recordedAt as string, -3651 * 24 * 60 * 60 * 1000);
          if (imported) metadata.imported = { importId: 'paper-archive', line: 1 };
        });
      const result = await verify(await tooOld(false));
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^FAILED occurred-before-late-window: /);
      expect((await verify(await tooOld(true))).code).toBe(0);
    });

    it('replay and receipt say an event is not as the ledger writes it, never crash, though verify passes its signature', async () => {
      const grant = eventLinesOf(log).find((l) => l.type === 'ConsentGranted')!;
      const consentId = JSON.parse(log[grant.index]).event.data.consentId as string;
      const subjectId = grant.stream.slice('subject-'.length);
      const file = write(
        await rewritten((l, _metadata, data) => {
          if (l.id === grant.id) data.purposes = 5;
        }),
      );
      expect((await audit('verify', file, '--public-key', keyFile)).code).toBe(0);
      for (const argv of [
        ['replay', file, '--subject', subjectId],
        ['replay', file, '--subject', subjectId, '--json', '--purpose', 'advertising'],
        ['receipt', file, '--subject', subjectId, '--consent', consentId],
      ]) {
        const result = await audit(...argv, '--public-key', keyFile);
        expect([argv[0], result.code, result.output, result.errors]).toEqual([
          argv[0],
          1,
          expect.stringMatching(new RegExp(`^CANNOT ANSWER event-unreadable: the events of subject ${subjectId} `)),
          '',
        ]);
      }
    });

    it('names an event without its times', async () => {
      const grant = eventLinesOf(log).find((l) => l.type === 'ConsentGranted')!;
      const result = await verify(
        await rewritten((l, metadata) => {
          if (l.id === grant.id) delete metadata.recordedAt;
        }),
      );
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^FAILED event-time-invalid: /);
    });
  });

  it('records a person’s event no earlier than their last one, though this instance’s clock runs behind', async () => {
    const iin = newIin();
    const first = await ledger.command('/v1/loans/signed', key('loan'), {
      iin,
      loanId: 'L-clock-1',
      occurredAt: ledger.clock.now(),
    });
    expect(first.status).toBe(201);
    // Another instance whose clock is a minute behind takes the person's next command.
    const behind = addMs(first.body.recordedAt, -60_000);
    ledger.clock.set(behind);
    const second = await ledger.command('/v1/loans/signed', key('loan'), {
      iin,
      loanId: 'L-clock-2',
      occurredAt: behind,
    });
    ledger.clock.release();
    expect(second.status).toBe(201);
    expect(second.body.recordedAt).toBe(first.body.recordedAt);
    const result = await verify(text(await exportLines('/v1/exports/log')));
    expect(result).toMatchObject({ code: 0, output: expect.stringMatching(/^OK whole log/) });
  });

  it('refuses lines the ledger never writes, without crashing, and takes what transport does to a file', async () => {
    const [header, ...rest] = log;
    const seal = log[log.length - 1];
    const refused: [string, string, RegExp][] = [
      ['a line of spaces', text([...log.slice(0, 3), '   ', ...log.slice(3)]), /^FAILED unknown-line: line 4 /],
      ['a no-break space after the seal', text(log) + '\u00a0\n', /^FAILED unknown-line: /],
      ['a byte-order mark', '\ufeff' + text(log), /^FAILED not-json: line 1 starts with a byte-order mark/],
      [
        'a header nested 100 000 deep',
        text([header.slice(0, -1) + ',"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', ...rest]),
        /^FAILED not-as-written: line 1 /,
      ],
      [
        'a seal nested 5 000 deep',
        text([...log.slice(0, -1), seal.slice(0, -1) + ',"x":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}']),
        /^FAILED (not-as-written|seal-signature-invalid): /,
      ],
      [
        'a name spelled with an escape',
        text([header.replace('"createdAt"', '"\\u0063reatedAt"'), ...rest]),
        /^FAILED not-as-written: /,
      ],
      [
        'a member twice',
        text([header.replace('{"kind":"header",', '{"kind":"header","kind":"header",'), ...rest]),
        /^FAILED not-as-written: /,
      ],
      [
        'an event line with an escaped name',
        text(log.map((l, i) => (i === 2 ? l.replace('"position"', '"p\\u006fsition"') : l))),
        /^FAILED not-an-event-line: line 3 /,
      ],
      [
        'a revision written -0',
        text(log.map((l, i) => (i === 2 ? l.replace(/"revision":0}/, '"revision":-0}') : l))),
        /^FAILED not-an-event-line: line 3 /,
      ],
    ];
    for (const [what, content, expected] of refused) {
      const result = await verify(content);
      expect([what, result.code, result.output]).toEqual([what, 1, expect.stringMatching(expected)]);
    }
    // Line endings and an empty line are not content.
    for (const content of [text(log).replace(/\n/g, '\r\n'), text(log) + '\n', log.join('\n')]) {
      expect((await verify(content)).code).toBe(0);
    }
  });

  it('replays an erased person as the API answers them: their history still verifies, and says erased from then on', async () => {
    const published = eventLinesOf(log).filter(
      (l) => l.type === 'PolicyVersionPublished' && l.stream === 'policy-privacy',
    );
    const version = JSON.parse(log[published[published.length - 1].index]).event.data.version as string;
    const iin = newIin();
    const granted = await ledger.command(
      '/v1/consents',
      key('grant'),
      smsGrantRequest(iin, addMs(ledger.clock.now(), -2 * DAY), { policyShown: { policyId: 'privacy', version } }),
    );
    expect(granted.status).toBe(201);
    ledger.clock.advance(1000);
    const erased = await ledger.command('/v1/erasures', key('erase'), {
      iin,
      reason: 'court-decision',
      legalReference: 'дело 2-5511/2026',
      occurredAt: ledger.clock.now(),
    });
    expect(erased.status).toBe(201);
    const subjectId = granted.body.subjectId as string;
    const file = write(text(await exportLines('/v1/exports/log')));
    expect((await audit('verify', file, '--public-key', keyFile)).code).toBe(0);
    const answers: unknown[] = [];
    const question = { purpose: 'credit-and-pension-checks', recipient: 'first-credit-bureau', categories: 'iin' };
    for (const [at, knownAt] of [
      [addMs(ledger.clock.now(), -DAY), granted.body.recordedAt as string],
      [erased.body.recordedAt as string, erased.body.recordedAt as string],
    ]) {
      const replayed = await audit(
        'replay',
        file,
        '--subject',
        subjectId,
        '--at',
        at,
        '--known-at',
        knownAt,
        '--purpose',
        question.purpose,
        '--recipient',
        question.recipient,
        '--categories',
        question.categories,
        '--json',
        '--public-key',
        keyFile,
      );
      expect(replayed.code).toBe(0);
      const mine = JSON.parse(replayed.output);
      const q = `at=${encodeURIComponent(at)}&knownAt=${encodeURIComponent(knownAt)}`;
      const consents = await ledger.request('GET', `/v1/subjects/${subjectId}/consents?${q}`);
      const check = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/check?purpose=${question.purpose}&recipient=${question.recipient}&dataCategories=${question.categories}&${q}`,
      );
      const statuses = (list: { consentId: string; status: string }[]) => list.map((c) => `${c.consentId}:${c.status}`);
      const reasons = (answer: { allowed: boolean; reasons: { code: string }[] }) => [
        answer.allowed,
        ...answer.reasons.map((r) => r.code),
      ];
      expect([statuses(mine.consents), reasons(mine.check)]).toEqual([
        statuses(consents.body.consents),
        reasons(check.body),
      ]);
      answers.push([mine.consents.map((c: { status: string }) => c.status), reasons(mine.check)]);
    }
    // Before the erasure the person's consent allowed the check; from it on nothing does.
    expect(answers).toEqual([
      [['active'], [true]],
      [['erased'], [false, 'subject-erased']],
    ]);
  });

  it('replays a person alike from their own export, from the whole log and as the API answers', async () => {
    const knownAt = ledger.clock.now();
    const whole = write(text(await exportLines('/v1/exports/log')));
    const people = [...new Set(eventLinesOf(log).map((l) => l.stream))].filter((s) => s.startsWith('subject-'));
    expect(people.length).toBeGreaterThan(3);
    for (const stream of people) {
      const subjectId = stream.slice('subject-'.length);
      const own = write(text(await exportLines(`/v1/exports/subjects/${subjectId}`)));
      const answer = async (file: string) => {
        const result = await audit(
          'replay',
          file,
          '--subject',
          subjectId,
          '--at',
          knownAt,
          '--known-at',
          knownAt,
          '--purpose',
          'advertising',
          '--recipient',
          'advertising-partners',
          '--categories',
          'iin',
          '--json',
          '--public-key',
          keyFile,
        );
        expect([result.code, result.errors]).toEqual([0, '']);
        const { consents, openLoans, check } = JSON.parse(result.output);
        return {
          consents,
          openLoans,
          allowed: check.allowed,
          reasons: check.reasons.map((r: { code: string }) => r.code),
        };
      };
      const fromOwn = await answer(own);
      expect(await answer(whole)).toEqual(fromOwn);
      const q = `at=${encodeURIComponent(knownAt)}&knownAt=${encodeURIComponent(knownAt)}`;
      const api = await ledger.request('GET', `/v1/subjects/${subjectId}/consents?${q}`);
      const check = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/check?purpose=advertising&recipient=advertising-partners&dataCategories=iin&${q}`,
      );
      const statuses = (list: { consentId: string; status: string }[]) => list.map((c) => `${c.consentId}:${c.status}`);
      expect([statuses(fromOwn.consents), fromOwn.allowed, fromOwn.reasons]).toEqual([
        statuses(api.body.consents),
        check.body.allowed,
        check.body.reasons.map((r: { code: string }) => r.code),
      ]);
    }
  });

  describe('answers an export cannot give', () => {
    it('replay says so when asked as known after the export was made: what the ledger learned since is not in it', async () => {
      const file = write(text(log));
      const subjectId = eventLinesOf(log)
        .find((l) => l.stream.startsWith('subject-'))!
        .stream.slice('subject-'.length);
      const createdAt = JSON.parse(log[0]).createdAt as string;
      const asMade = await audit('replay', file, '--subject', subjectId, '--public-key', keyFile);
      expect([asMade.code, asMade.errors]).toEqual([0, '']);
      const later = addMs(createdAt, 60_000);
      const after = await audit('replay', file, '--subject', subjectId, '--known-at', later, '--public-key', keyFile);
      expect(after.code).toBe(0);
      expect(after.errors).toBe(
        `note: --known-at ${later} is after the export was made (${createdAt}); it holds nothing the ledger learned since, so this answers as known at ${createdAt} — the API may know more\n`,
      );
    });

    it('replay refuses a period export that lacks the start of the person’s stream, or what was recorded after it ends', async () => {
      const events = eventLinesOf(log);
      const firstOf = (stream: string) => events.find((l) => l.stream === stream)!;
      // A person with an event recorded after their first (not by the same command).
      const person = events.find(
        (l) => l.stream.startsWith('subject-') && at(log, l).recordedAt > at(log, firstOf(l.stream)).recordedAt,
      )!;
      const subjectId = person.stream.slice('subject-'.length);
      const from = at(log, person).recordedAt as string;
      const to = ledger.clock.now();
      const period = (f: string) =>
        exportLines(`/v1/exports/period?from=${encodeURIComponent(f)}&to=${encodeURIComponent(to)}`).then(text);
      const cut = write(await period(from));
      expect((await audit('verify', cut, '--public-key', keyFile)).code).toBe(0);
      const partial = await audit('replay', cut, '--subject', subjectId, '--public-key', keyFile);
      expect(partial.code).toBe(1);
      expect(partial.output).toMatch(/^CANNOT ANSWER history-partial: /);
      expect(partial.output).toContain(`${person.stream} only from revision`);

      // From the log's start the person's stream is whole, but nothing recorded from `to` on is there.
      const start = at(log, events[0]).recordedAt as string;
      const whole = write(await period(start));
      const late = await audit('replay', whole, '--subject', subjectId, '--public-key', keyFile);
      expect(late.code).toBe(1);
      expect(late.output).toMatch(/^CANNOT ANSWER history-partial: .*only what the ledger recorded before/);
      const knownAt = addMs(to, -1);
      const answered = await audit(
        'replay',
        whole,
        '--subject',
        subjectId,
        '--at',
        knownAt,
        '--known-at',
        knownAt,
        '--json',
        '--public-key',
        keyFile,
      );
      expect(answered.code).toBe(0);
      const api = await ledger.request(
        'GET',
        `/v1/subjects/${subjectId}/consents?at=${encodeURIComponent(knownAt)}&knownAt=${encodeURIComponent(knownAt)}`,
      );
      const statuses = (consents: { consentId: string; status: string }[]) =>
        consents.map((c) => `${c.consentId}:${c.status}`).sort();
      expect(statuses(JSON.parse(answered.output).consents)).toEqual(statuses(api.body.consents));
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueIndex, DisclosureRecorded, LENDER_CATALOGUE } from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import { categoryOf, idOf, metadataOf, SUBJECT } from '@ledger/ledger-log';
import { generateDemoHistory } from '../../apps/ledger/src/demo/demo-history';
import { readExport } from '../../apps/audit/src/export-reader';
import { Replay } from '../../apps/audit/src/replay';
import { Ledger, removeDir, startLedger } from '../support/ledger-harness';

/**
 * The hindsight report — disclosures covered as the ledger knew it when they were recorded, and not
 * as it knows now — holds on a generated history with late facts of every kind: recomputed from the
 * export alone, with the domain code, it lists exactly the same disclosures.
 */
describe('the hindsight report on a history with late facts of every kind', () => {
  let ledger: Ledger;
  let work: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const summary = await generateDemoHistory((url, key, body) => ledger.command(url, key, body), ledger.clock, {
      people: Number(process.env.HINDSIGHT_PEOPLE ?? 50),
      seed: 77,
      end: ledger.clock.now(),
    });
    ledger.clock.release();
    expect(summary.byStatus['422']).toBeGreaterThan(0);
    work = mkdtempSync(join(tmpdir(), 'ledger-hindsight-'));
  }, 120_000);
  afterAll(async () => {
    await ledger.close();
    removeDir(ledger.dir);
    removeDir(work);
  });

  it('lists exactly the disclosures a replay finds covered then and not now', async () => {
    const now = ledger.clock.now();
    const exported = await ledger.app.inject({
      method: 'GET',
      url: '/v1/exports/log',
      headers: { authorization: `Bearer ${await ledger.token(['auditor'])}` },
    });
    const file = join(work, 'log.ndjson');
    writeFileSync(file, exported.body);
    const replay = new Replay(new CatalogueIndex(LENDER_CATALOGUE));
    const recorded: { subjectId: string; occurredAt: string; recordedAt: string; data: DisclosureRecorded['data'] }[] =
      [];
    const kinds = new Set<string>();
    await readExport(file, {
      pinned: [{ fingerprint: ledger.config.signingKey.fingerprint }],
      onEvent: (event) => {
        replay.accept(event);
        if (categoryOf(event.stream) !== SUBJECT) return;
        const { occurredAt, recordedAt } = metadataOf(event as unknown as StoredEvent);
        if (occurredAt < recordedAt) kinds.add(event.type);
        if (event.type === 'DisclosureRecorded') {
          recorded.push({
            subjectId: idOf(event.stream),
            occurredAt,
            recordedAt,
            data: event.data as DisclosureRecorded['data'],
          });
        }
      },
    });
    // Late facts of every kind the README lists are in this history.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'ConsentGranted',
        'ConsentPurposesAchieved',
        'ConsentWithdrawn',
        'LoanContractSigned',
        'PolicyVersionAccepted',
        'ProcessingStopped',
        'SubjectNotified',
      ]),
    );

    const expected = recorded
      .filter((d) => d.data.basis.kind === 'consent')
      .filter((d) => {
        const question = {
          purpose: d.data.purpose,
          recipient: d.data.recipient,
          dataCategories: [...d.data.dataCategories],
        };
        const then = replay.check(d.subjectId, question, { at: d.occurredAt, knownAt: d.recordedAt });
        // The ledger recorded it because it was covered as known then.
        expect(then.allowed).toBe(true);
        return !replay.check(d.subjectId, question, { at: d.occurredAt, knownAt: now }).allowed;
      })
      .map((d) => d.data.disclosureId)
      .sort();
    expect(expected.length).toBeGreaterThan(0);

    const listed: string[] = [];
    for (let cursor: string | undefined, page = 0; page < 100; page++) {
      const reply = await ledger.request(
        'GET',
        `/v1/reports/disclosures-no-longer-covered?limit=25${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(reply.status).toBe(200);
      listed.push(...reply.body.rows.map((r: { disclosureId: string }) => r.disclosureId));
      cursor = reply.body.next;
      if (!cursor) break;
    }
    expect(listed.sort()).toEqual(expected);
  }, 120_000);
});

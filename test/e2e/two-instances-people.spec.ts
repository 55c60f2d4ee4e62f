import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEsdbEventStore } from '@ledger/event-store';
import { developmentKey, DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { EsdbDouble, startEsdbDouble } from '../esdb-double/esdb-double';
import { key, Ledger, newIin, removeDir, startLedger } from '../support/ledger-harness';
import { freshSchema, PostgresSchema } from '../support/shared-services';
import { policyVersionRequest, smsGrantRequest } from '../support/requests';

/**
 * Two in-process instances on one EventStoreDB (the protocol double) and one PostgreSQL key store:
 * a person's commands split between them meet as one person, with one key.
 */
describe('two instances, one person', () => {
  let double: EsdbDouble;
  let schema: PostgresSchema;
  const dirs: string[] = [];
  const ledgers: Ledger[] = [];
  const pseudonymKey = 'ab'.repeat(16) + '0123456789abcdef0123456789abcdef';
  const masterKey = 'cd'.repeat(8) + 'fedcba9876543210fedcba9876543210ba98765432100123';

  beforeAll(async () => {
    double = await startEsdbDouble({ batchAppend: true, caughtUp: true });
    schema = await freshSchema('two');
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), `ledger-two-${i}-`));
      if (i === 0) developmentKey(dir);
      else copyFileSync(join(dirs[0], DEVELOPMENT_KEY_FILE), join(dir, DEVELOPMENT_KEY_FILE));
      dirs.push(dir);
      ledgers.push(
        await startLedger(undefined, {
          dir,
          store: await loadEsdbEventStore().connect(double.connectionString),
          env: {
            LEDGER_EVENTSTORE_URL: double.connectionString,
            LEDGER_KEY_STORE_URL: schema.url,
            LEDGER_PSEUDONYM_KEY: pseudonymKey,
            LEDGER_MASTER_KEY: masterKey,
            LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
            LEDGER_RETENTION_SWEEP_HOURS: '0',
          },
        }),
      );
    }
    const [a] = ledgers;
    const published = await a.command(
      '/v1/policies/privacy/versions',
      key('policy'),
      policyVersionRequest(new Date(Date.now() - 7 * 86_400_000).toISOString()),
    );
    expect(published.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    for (const ledger of ledgers) await ledger.close();
    await double?.stop();
    for (const dir of dirs) removeDir(dir);
    await schema?.drop();
  });

  it("makes one person of a new IIN's first grants sent to both at once", async () => {
    const [a, b] = ledgers;
    for (let round = 0; round < 5; round++) {
      const iin = newIin();
      const at = a.clock.now();
      const [first, second] = await Promise.all([
        a.command('/v1/consents', key('grant-a'), smsGrantRequest(iin, at)),
        b.command('/v1/consents', key('grant-b'), smsGrantRequest(iin, at)),
      ]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.subjectId).toBe(first.body.subjectId);
    }
  }, 30_000);

  // On EventStoreDB a command's claim is appended before its events: an erasure landing between the
  // two (on the other instance) left a claim whose events never came, which every retry met as a 500.
  it('answers a grant that meets an erasure of its person on the other instance 201 or 404, never 500, and a retry alike', async () => {
    const [a, b] = ledgers;
    for (let round = 0; round < 24; round++) {
      const iin = newIin();
      const first = await a.command('/v1/consents', key('grant'), smsGrantRequest(iin, a.clock.now()));
      expect(first.status).toBe(201);
      const grantKey = key('grant-during-erasure');
      const grant = smsGrantRequest(iin, b.clock.now());
      const [erased, granted] = await Promise.all([
        a.command('/v1/erasures', key('erase'), {
          iin,
          reason: 'court-decision',
          legalReference: 'civil case 2-5511/2026',
          occurredAt: new Date().toISOString(),
        }),
        b.command('/v1/consents', grantKey, grant),
      ]);
      expect(erased.status).toBe(201);
      const retried = await b.command('/v1/consents', grantKey, grant);
      // Landed before the erasure: 201, and a retry is about someone erased since (404); after it, on
      // someone new: 201 and a replay; met by it half-written: about someone erased, 404 both times.
      for (const reply of [granted, retried]) {
        expect([reply.status, reply.body.code]).toEqual(
          reply.status === 201 ? [201, undefined] : [404, 'unknown-subject'],
        );
      }
      // The erased person's pseudonym is never given back for the IIN.
      const resolved = await b.request('POST', '/v1/subjects/resolve', { iin });
      expect(resolved.body.subjectId).not.toBe(first.body.subjectId);
      // A refused command makes no one: no key, no link for a person with nothing recorded.
      if (granted.status === 404) expect(resolved.body).toEqual({ known: false });
    }
  }, 60_000);

  it('closes on one instance a loan signed on the other', async () => {
    const [a, b] = ledgers;
    const iin = newIin();
    const signed = await a.command('/v1/loans/signed', key('signed'), {
      iin,
      loanId: 'MC-2026-0042',
      occurredAt: a.clock.now(),
    });
    expect(signed.status).toBe(201);
    const again = await b.command('/v1/loans/signed', key('signed2'), {
      iin,
      loanId: 'MC-2026-0043',
      occurredAt: b.clock.now(),
    });
    expect(again.status).toBe(201);
    const fulfilled = await b.command('/v1/loans/fulfilled', key('fulfilled'), {
      iin,
      loanId: 'MC-2026-0042',
      occurredAt: b.clock.now(),
    });
    expect(fulfilled.status).toBe(201);
    const person = await a.request(
      'GET',
      `/v1/subjects/${signed.body.subjectId}/timeline?minPosition=${encodeURIComponent(fulfilled.body.position)}`,
      undefined,
      {},
      ['auditor'],
    );
    expect(person.status).toBe(200);
    // The auditor reads the lending core's numbers; the log keeps them sealed, a signing and its
    // fulfilment alike, whichever instance sealed them.
    expect(person.body.events.map((e: { data: { loanId: string } }) => e.data.loanId)).toEqual([
      'MC-2026-0042',
      'MC-2026-0043',
      'MC-2026-0042',
    ]);
    const stored = Array.from({ length: double.log.committed }, (_, i) => double.log.at(i))
      .filter((r) => r.stream === `subject-${signed.body.subjectId}`)
      .map((r) => JSON.parse(Buffer.from(r.data).toString('utf8')).loanId as string);
    expect(stored.every((id) => id.startsWith('loan~'))).toBe(true);
    expect(stored[2]).toBe(stored[0]);

    // Erased through one instance: the other opens nothing at once, and no longer knows the IIN.
    const erased = await a.command('/v1/erasures', key('erase'), {
      iin,
      reason: 'court-decision',
      legalReference: 'Медеуский районный суд г. Алматы, дело 2-5511/2026',
      occurredAt: a.clock.now(),
    });
    expect(erased.status).toBe(201);
    const resolved = await b.request('POST', '/v1/subjects/resolve', { iin });
    expect(resolved.body).toEqual({ known: false });
    const timeline = await b.request('GET', `/v1/subjects/${signed.body.subjectId}/timeline`, undefined, {}, [
      'auditor',
    ]);
    expect(JSON.stringify(timeline.body)).not.toContain('MC-2026');
  }, 30_000);
});

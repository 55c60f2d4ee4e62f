import { createHash } from 'node:crypto';
import { addMs, REASON_CODES, REASON_LABELS } from '@ledger/consent-domain';
import { ago, DAY, key, Ledger, newIin, removeDir, startLedger, StoreFactory } from '../support/ledger-harness';
import { disclosureRequest, smsGrantRequest, withdrawalRequest } from '../support/requests';
import { COMMANDS_PER_HEAD, CommandExecutor } from '../../apps/ledger/src/ledger/command-executor';

const policySha = createHash('sha256').update('Дербес деректерді өңдеуге қатысты саясат').digest('hex');

/**
 * The HTTP API end to end, against a real event store in a temporary folder. Runs once per store
 * adapter: nothing above the port may depend on which one it is.
 */
export function ledgerApiSuite(stores: StoreFactory): void {
  describe(`Ledger HTTP API on ${stores.name}`, () => {
    let ledger: Ledger;

    beforeAll(async () => {
      ledger = await startLedger(stores);
      await publish('privacy', '1', ago(ledger, 25 * DAY), ago(ledger, 25 * DAY), true);
    });
    afterAll(async () => {
      await ledger.close();
      await stores.dispose?.();
      removeDir(ledger.dir);
    });

    async function publish(
      policyId: string,
      version: string,
      occurredAt: string,
      effectiveFrom: string,
      materialChange: boolean,
    ) {
      const reply = await ledger.command(`/v1/policies/${policyId}/versions`, key('policy'), {
        version,
        effectiveFrom,
        occurredAt,
        materialChange,
        texts: { kk: { sha256: policySha, url: `https://acredit.kz/privacy/${version}/kk` } },
      });
      expect(reply.status).toBe(201);
      return reply.body;
    }

    const grantBody = (iin: string, patch: Record<string, unknown> = {}) =>
      smsGrantRequest(iin, ago(ledger, 20 * DAY), patch);

    async function grant(iin: string, patch: Record<string, unknown> = {}) {
      const reply = await ledger.command('/v1/consents', key('grant'), grantBody(iin, patch));
      expect(reply.status).toBe(201);
      return reply.body as { subjectId: string; consentId: string; position: string; recordedAt: string };
    }

    async function check(subjectId: string, query: Record<string, string>, minPosition?: string) {
      const params = new URLSearchParams({ ...query, ...(minPosition ? { minPosition } : {}) });
      const reply = await ledger.request('GET', `/v1/subjects/${subjectId}/check?${params}`);
      expect(reply.status).toBe(200);
      return reply.body;
    }

    const disclosure = (iin: string, patch: Record<string, unknown> = {}) =>
      disclosureRequest({
        iin,
        occurredAt: ago(ledger, 1 * DAY),
        ...patch,
      });

    function samePosition(a: string | undefined, b: string | undefined): boolean {
      if (a === undefined || b === undefined) return a === b;
      return ledger.store.comparePositions(a as never, b as never) === 0;
    }

    async function eventsOf(subjectId: string): Promise<number> {
      return (await ledger.store.readStream(`subject-${subjectId}`)).length;
    }

    it('records a consent and answers what is valid, citing the events behind the answer', async () => {
      const iin = newIin();
      const granted = await grant(iin);
      expect(granted.subjectId).toMatch(/^[0-9a-f]{32}$/);
      const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin });
      expect(resolved.body).toEqual({ subjectId: granted.subjectId, known: true });

      const answer = await check(
        granted.subjectId,
        { purpose: 'credit-and-pension-checks', recipient: 'first-credit-bureau', dataCategories: 'iin,full-name' },
        granted.position,
      );
      expect(answer).toMatchObject({
        allowed: true,
        basis: { kind: 'consent', consents: [{ consentId: granted.consentId, dataCategories: ['iin', 'full-name'] }] },
        projection: { reachedMinPosition: true },
      });
      expect(answer.events.map((e: { type: string }) => e.type)).toEqual(['ConsentGranted', 'PolicyVersionAccepted']);

      const state = await ledger.request('GET', `/v1/subjects/${granted.subjectId}/consents`);
      expect(state.status).toBe(200);
      expect(state.body.consents).toEqual([
        expect.objectContaining({ consentId: granted.consentId, status: 'active', dpvState: 'dpv:ConsentGiven' }),
      ]);
    });

    it('answers a late withdrawal differently as known before and after it arrived', async () => {
      const iin = newIin();
      const granted = await grant(iin);
      const T = ago(ledger, 5 * DAY);
      const beforeArrival = ledger.clock.now();
      ledger.clock.advance(1000);
      // Withdrawn on paper ten days ago, keyed in only now.
      const withdrawn = await ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, {}, ago(ledger, 10 * DAY), { consentId: granted.consentId }),
      );
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.outcome).toBe('withdrawn');

      const q = { purpose: 'advertising', recipient: 'advertising-partners', dataCategories: 'full-name', at: T };
      const asKnownBefore = await check(granted.subjectId, { ...q, knownAt: beforeArrival }, withdrawn.body.position);
      const asKnownNow = await check(granted.subjectId, q);
      expect(asKnownBefore.allowed).toBe(true);
      expect(asKnownNow.allowed).toBe(false);
      expect(asKnownNow.reasons).toEqual([expect.objectContaining({ code: 'withdrawn' })]);
      // Before the withdrawal happened, it stays valid whatever the ledger knows.
      expect((await check(granted.subjectId, { ...q, at: ago(ledger, 15 * DAY) })).allowed).toBe(true);
    });

    it('refuses a withdrawal while a loan is open and records the refusal, then allows it once obligations are fulfilled', async () => {
      const iin = newIin();
      const granted = await grant(iin);
      const signed = await ledger.command('/v1/loans/signed', key('loan'), {
        iin,
        loanId: 'MC-1',
        occurredAt: ago(ledger, 19 * DAY),
      });
      expect(signed.status).toBe(201);

      const refusal = {
        iin,
        scope: { purposes: ['credit-and-pension-checks'] },
        channel: 'web-checkbox',
        occurredAt: ago(ledger, 3 * DAY),
      };
      const refusalKey = key('withdraw');
      const refused = await ledger.command('/v1/withdrawals', refusalKey, refusal);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['idempotent-replayed']).toBeUndefined();
      // The recorded refusal, asked again under its key, is answered again and marked as a replay.
      const again = await ledger.command('/v1/withdrawals', refusalKey, refusal);
      expect(again.status).toBe(422);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toMatchObject({ code: 'withdrawal-refused', replayed: true, eventId: refused.body.eventId });
      expect(refused.body).toMatchObject({
        code: 'withdrawal-refused',
        reason: { code: 'obligations-unfulfilled', citation: expect.stringContaining('Art. 8(2)') },
        openLoans: ['MC-1'],
        events: [{ type: 'WithdrawalRefused' }],
      });
      const timeline = await ledger.request(
        'GET',
        `/v1/subjects/${granted.subjectId}/timeline?minPosition=${refused.body.position}`,
      );
      expect(timeline.body.events.map((e: { type: string }) => e.type)).toContain('WithdrawalRefused');

      const partly = await ledger.command('/v1/withdrawals', key('withdraw'), {
        iin,
        scope: { purposes: ['credit-and-pension-checks', 'advertising'] },
        channel: 'web-checkbox',
        occurredAt: ago(ledger, 3 * DAY),
      });
      expect(partly.status).toBe(200);
      expect(partly.body).toMatchObject({
        outcome: 'partially-withdrawn',
        withdrawn: { purposes: ['advertising'] },
        refused: { scope: { purposes: ['credit-and-pension-checks'] } },
      });

      const fulfilled = await ledger.command('/v1/loans/fulfilled', key('loan'), {
        iin,
        loanId: 'MC-1',
        occurredAt: ago(ledger, 2 * DAY),
      });
      expect(fulfilled.status).toBe(201);
      const allowed = await ledger.command('/v1/withdrawals', key('withdraw'), {
        iin,
        scope: { purposes: ['credit-and-pension-checks'] },
        channel: 'web-checkbox',
        occurredAt: ago(ledger, 1 * DAY),
      });
      expect(allowed.status).toBe(200);
      expect(allowed.body.outcome).toBe('withdrawn');
      const after = await check(
        granted.subjectId,
        { purpose: 'credit-and-pension-checks', recipient: 'first-credit-bureau', dataCategories: 'iin' },
        allowed.body.position,
      );
      expect(after.allowed).toBe(false);
    });

    it('refuses, with no loan at all, the withdrawal of a purpose a law requires, and carries out the rest (Art. 8(2))', async () => {
      const iin = newIin();
      const granted = await grant(iin, { purposes: ['aml-fraud-prevention', 'advertising'] });
      const reply = await ledger.command('/v1/withdrawals', key('withdraw'), {
        iin,
        scope: {},
        channel: 'paper',
        occurredAt: ago(ledger, 1 * DAY),
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        outcome: 'partially-withdrawn',
        refused: {
          scope: { purposes: ['aml-fraud-prevention'] },
          reason: { code: 'required-by-law', citation: 'Law 94-V Art. 8(2)' },
          openLoans: [],
        },
        transfersWithdrawn: {
          purposes: ['aml-fraud-prevention'],
          recipients: expect.arrayContaining(['first-credit-bureau']),
        },
      });
      // The law requires the lender's own processing, not the transfer to a private bureau: that goes.
      const q = { recipient: 'first-credit-bureau', dataCategories: 'iin' };
      const aml = await check(
        granted.subjectId,
        { dataCategories: 'iin', purpose: 'aml-fraud-prevention' },
        reply.body.position,
      );
      const amlToBureau = await check(
        granted.subjectId,
        { ...q, purpose: 'aml-fraud-prevention' },
        reply.body.position,
      );
      const advertising = await check(granted.subjectId, { ...q, purpose: 'advertising' }, reply.body.position);
      expect([aml.allowed, amlToBureau.allowed, advertising.allowed]).toEqual([true, false, false]);
    });

    it('takes from a paper consent keyed in later what a withdrawal of everything, refused for an open loan, asked for (Art. 8(2))', async () => {
      const iin = newIin();
      const known = await ledger.command(
        '/v1/consents',
        key('grant'),
        grantBody(iin, {
          occurredAt: ago(ledger, 6 * DAY),
          purposes: ['microcredit-contract'],
          recipients: ['first-credit-bureau'],
        }),
      );
      expect(known.status).toBe(201);
      const loan = { iin, loanId: 'MC-LATE', occurredAt: ago(ledger, 5 * DAY) };
      expect((await ledger.command('/v1/loans/signed', key('loan'), loan)).status).toBe(201);
      const everything = await ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, {}, ago(ledger, 2 * DAY)),
      );
      // Every purpose the known consent held is loan-bound: nothing of it goes.
      expect(everything.status).toBe(422);
      expect(everything.body).toMatchObject({
        refusedScope: { purposes: ['microcredit-contract'] },
        events: [{ type: 'WithdrawalRefused' }],
      });
      const paper = await ledger.command(
        '/v1/consents',
        key('grant'),
        grantBody(iin, {
          occurredAt: ago(ledger, 4 * DAY),
          purposes: ['advertising'],
          dataCategories: ['full-name'],
          recipients: ['advertising-partners'],
          publicationAllowed: true,
          collectionMethod: 'paper',
        }),
      );
      expect(paper.status).toBe(201);

      const advertising = { purpose: 'advertising', recipient: 'advertising-partners', dataCategories: 'full-name' };
      const after = await check(known.body.subjectId, { ...advertising, at: ago(ledger, 1 * DAY) }, paper.body.position);
      expect(after).toMatchObject({
        allowed: false,
        reasons: [{ code: 'withdrawn', consentId: paper.body.consentId, eventId: everything.body.eventId }],
      });
      expect((await check(known.body.subjectId, { ...advertising, at: ago(ledger, 3 * DAY) })).allowed).toBe(true);
      // The loan still binds the consent it was known to bind.
      const contract = { purpose: 'microcredit-contract', dataCategories: 'iin', at: ago(ledger, 1 * DAY) };
      expect((await check(known.body.subjectId, contract)).allowed).toBe(true);
      const consents = await ledger.request(
        'GET',
        `/v1/subjects/${known.body.subjectId}/consents?at=${encodeURIComponent(ago(ledger, 1 * DAY))}`,
      );
      expect(consents.body.consents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ consentId: known.body.consentId, status: 'active' }),
          expect.objectContaining({ consentId: paper.body.consentId, status: 'withdrawn', publicationAllowed: false }),
        ]),
      );
    });

    it('suspends validity after a material policy change until the person accepts it', async () => {
      await publish('pricing', '1', ago(ledger, 25 * DAY), ago(ledger, 25 * DAY), true);
      const iin = newIin();
      const granted = await grant(iin, { policyShown: { policyId: 'pricing', version: '1' } });
      const v2EffectiveFrom = ago(ledger, 5 * DAY);
      await publish('pricing', '2', ago(ledger, 10 * DAY), v2EffectiveFrom, true);
      const accepted = await ledger.command('/v1/policy-acceptances', key('accept'), {
        iin,
        policy: { policyId: 'pricing', version: '2' },
        method: 'web-checkbox',
        occurredAt: ago(ledger, 2 * DAY),
      });
      expect(accepted.status).toBe(201);

      const q = { purpose: 'advertising', recipient: 'advertising-partners', dataCategories: 'full-name' };
      expect((await check(granted.subjectId, { ...q, at: ago(ledger, 7 * DAY) }, accepted.body.position)).allowed).toBe(
        true,
      );
      const suspended = await check(granted.subjectId, { ...q, at: ago(ledger, 3 * DAY) });
      expect(suspended.allowed).toBe(false);
      expect(suspended.reasons).toEqual([expect.objectContaining({ code: 'policy-not-accepted' })]);
      expect(suspended.reasons[0].message).toContain(`in force since ${v2EffectiveFrom}`);
      expect((await check(granted.subjectId, { ...q, at: ago(ledger, 1 * DAY) })).allowed).toBe(true);

      const state = await ledger.request(
        'GET',
        `/v1/subjects/${granted.subjectId}/consents?at=${encodeURIComponent(ago(ledger, 3 * DAY))}`,
      );
      expect(state.body.consents[0]).toMatchObject({
        status: 'suspended-policy-not-accepted',
        policy: { requiredVersion: '2', requiredSince: v2EffectiveFrom, acceptedVersion: '1', satisfied: false },
      });
      const policies = await ledger.request('GET', '/v1/policies/pricing');
      expect(policies.body.policies[0]).toMatchObject({ inForce: '2', versions: [{ version: '1' }, { version: '2' }] });
    });

    it('refuses a disclosure without consent and records the refused attempt', async () => {
      const iin = newIin();
      const refused = await ledger.command('/v1/disclosures', key('disclose'), disclosure(iin));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'disclosure-refused',
        reasons: [{ code: 'no-consent', dataCategories: ['full-name', 'iin'] }],
        events: [{ type: 'DisclosureRefused' }],
      });
      const log = await ledger.request(
        'GET',
        `/v1/disclosures?subjectId=${refused.body.subjectId}&outcome=refused&minPosition=${refused.body.position}`,
      );
      expect(log.body.disclosures).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          recipient: 'first-credit-bureau',
          eventId: refused.body.eventId,
        }),
      ]);
    });

    it('records a covered disclosure with its basis, and lists it by recipient and period', async () => {
      const iin = newIin();
      const granted = await grant(iin, { notifyOnDisclosure: true });
      const recorded = await ledger.command(
        '/v1/disclosures',
        key('disclose'),
        disclosure(iin, { reference: 'fcb-req-77' }),
      );
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({
        outcome: 'recorded',
        basis: { kind: 'consent', consents: [{ consentId: granted.consentId }] },
        subjectToBeNotified: true,
      });
      const params = new URLSearchParams({
        recipient: 'first-credit-bureau',
        from: ago(ledger, 2 * DAY),
        to: ledger.clock.now(),
        subjectId: granted.subjectId,
        minPosition: recorded.body.position,
      });
      const log = await ledger.request('GET', `/v1/disclosures?${params}`);
      expect(log.status).toBe(200);
      expect(log.body.disclosures).toEqual([
        expect.objectContaining({
          outcome: 'recorded',
          disclosureId: recorded.body.disclosureId,
          reference: 'fcb-req-77',
        }),
      ]);
    });

    it('needs cross-border consent for a recipient abroad', async () => {
      const abroad = {
        recipient: 'advertising-partners-abroad',
        purpose: 'advertising',
        dataCategories: ['full-name'],
      };
      const without = newIin();
      await grant(without, { recipients: ['advertising-partners-abroad'] });
      const refused = await ledger.command('/v1/disclosures', key('disclose'), disclosure(without, abroad));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ crossBorder: true, reasons: [{ code: 'cross-border-not-allowed' }] });

      const withIt = newIin();
      await grant(withIt, { recipients: ['advertising-partners-abroad'], crossBorderTransferAllowed: true });
      const recorded = await ledger.command('/v1/disclosures', key('disclose'), disclosure(withIt, abroad));
      expect(recorded.status).toBe(201);
      expect(recorded.body.crossBorder).toBe(true);
    });

    it('records mandatory reporting to the State Credit Bureau on its legal basis, without consent', async () => {
      const iin = newIin();
      const reply = await ledger.command(
        '/v1/disclosures',
        key('disclose'),
        disclosure(iin, {
          recipient: 'state-credit-bureau',
          purpose: 'legal-obligations',
          legalBasis: 'microcredit-reporting',
        }),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.basis).toEqual({
        kind: 'legal-basis',
        legalBasis: 'microcredit-reporting',
        citation: expect.stringContaining('Law 573-II'),
      });
    });

    it('answers an idempotent retry with the first result and writes nothing new; another body under the key is a conflict', async () => {
      const iin = newIin();
      const k = key('grant');
      const body = grantBody(iin);
      const first = await ledger.command('/v1/consents', k, body);
      expect(first.status).toBe(201);
      const count = await eventsOf(first.body.subjectId);
      const head = await ledger.store.headPosition();

      const again = await ledger.command('/v1/consents', k, body);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect({ ...again.body, replayed: false }).toEqual(first.body);
      expect(await eventsOf(first.body.subjectId)).toBe(count);
      expect(ledger.store.comparePositions((await ledger.store.headPosition())!, head!)).toBe(0);

      const viaBody = await ledger.request('POST', '/v1/consents', { ...body, commandId: k });
      expect(viaBody.status).toBe(201);
      expect(viaBody.body.consentId).toBe(first.body.consentId);

      const other = await ledger.command('/v1/consents', k, { ...body, purposes: ['advertising'] });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency-key-reused');
      expect(await eventsOf(first.body.subjectId)).toBe(count);

      const refusalKey = key('refused');
      const refusalBody = disclosure(newIin());
      const refusedOnce = await ledger.command('/v1/disclosures', refusalKey, refusalBody);
      const refusedAgain = await ledger.command('/v1/disclosures', refusalKey, refusalBody);
      expect([refusedOnce.status, refusedAgain.status]).toEqual([422, 422]);
      expect(refusedAgain.body.eventId).toBe(refusedOnce.body.eventId);
      expect(refusedAgain.body.replayed).toBe(true);
    });

    it('answers a retry of a command older than a stream head remembers from its claim, and writes nothing new', async () => {
      const iin = newIin();
      const granted = await grant(iin);
      const oldKey = key('old');
      const oldBody = disclosure(iin, { reference: 'old' });
      const first = await ledger.command('/v1/disclosures', oldKey, oldBody);
      expect(first.status).toBe(201);
      for (let i = 0; i < COMMANDS_PER_HEAD; i++) {
        const newer = await ledger.command(
          '/v1/disclosures',
          key(`newer-${i}`),
          disclosure(iin, { reference: `n-${i}` }),
        );
        expect(newer.status).toBe(201);
      }
      // The head of a person disclosed again and again keeps a bounded number of commands.
      const stream = `subject-${granted.subjectId}`;
      expect(ledger.app.get(CommandExecutor).commandsHeld(stream)).toBe(COMMANDS_PER_HEAD);
      const count = await eventsOf(granted.subjectId);

      const again = await ledger.command('/v1/disclosures', oldKey, oldBody);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect({ ...again.body, replayed: false }).toEqual(first.body);
      const other = await ledger.command('/v1/disclosures', oldKey, { ...oldBody, reference: 'another' });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency-key-reused');
      expect(await eventsOf(granted.subjectId)).toBe(count);
      // New commands still land after the forgotten ones.
      expect((await ledger.command('/v1/disclosures', key('later'), disclosure(iin))).status).toBe(201);
      expect(await eventsOf(granted.subjectId)).toBe(count + 1);
    });

    it('keeps every one of many concurrent commands on one person', async () => {
      const iin = newIin();
      const granted = await grant(iin);
      const replies = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          ledger.command('/v1/disclosures', key(`concurrent-${i}`), disclosure(iin, { reference: `batch-${i}` })),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(25).fill(201));
      const events = await ledger.store.readStream(`subject-${granted.subjectId}`);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      expect(events.filter((e) => e.type === 'DisclosureRecorded')).toHaveLength(25);
      expect(new Set(replies.map((r) => r.body.disclosureId)).size).toBe(25);
    });

    it('runs one of many concurrent retries of the same command; the others replay it', async () => {
      const iin = newIin();
      await grant(iin);
      const k = key('same');
      const body = disclosure(iin);
      const replies = await Promise.all(Array.from({ length: 8 }, () => ledger.command('/v1/disclosures', k, body)));
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(replies.map((r) => r.body.events[0].eventId)).size).toBe(1);
      expect(replies.filter((r) => r.body.replayed === false)).toHaveLength(1);
      const written = await ledger.store.readStream(`subject-${replies[0].body.subjectId}`);
      expect(written.filter((e) => e.type === 'DisclosureRecorded')).toHaveLength(1);
    });

    describe('bad input gets a problem and changes nothing', () => {
      async function expectProblem(
        url: string,
        body: unknown,
        status: number,
        code: string,
        headers = { 'idempotency-key': key('bad') },
      ) {
        const head = await ledger.store.headPosition();
        const reply = await ledger.request('POST', url, body, headers);
        expect(reply.status).toBe(status);
        expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(reply.body).toMatchObject({ status, code, type: `/problems/${code}`, title: expect.any(String) });
        expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
        expect(samePosition(await ledger.store.headPosition(), head)).toBe(true);
        return reply.body;
      }

      it('an invalid IIN', async () => {
        const problem = await expectProblem('/v1/consents', grantBody('900101300018'), 400, 'invalid-request');
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'iin', code: 'isIin' })]);
        expect(JSON.stringify(problem)).not.toContain('900101300018');
      });

      it('an unknown code', async () => {
        const problem = await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { purposes: ['other-purposes'] }),
          400,
          'unknown-code',
        );
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'purposes[0]', code: 'unknown-code' })]);
      });

      it('a code named twice in a list, even in the longest list the ledger takes', async () => {
        const cases: [string, object, string][] = [
          [
            '/v1/consents',
            grantBody(newIin(), { purposes: ['advertising', 'microcredit-contract', 'advertising'] }),
            'purposes',
          ],
          [
            '/v1/withdrawals',
            {
              iin: newIin(),
              scope: { dataCategories: Array(64).fill('iin') },
              channel: 'paper',
              occurredAt: ago(ledger, DAY),
            },
            'scope.dataCategories',
          ],
          [
            '/v1/disclosures',
            {
              iin: newIin(),
              recipient: 'first-credit-bureau',
              purpose: 'credit-and-pension-checks',
              dataCategories: ['iin', 'iin'],
              occurredAt: ago(ledger, DAY),
            },
            'dataCategories',
          ],
        ];
        for (const [url, body, field] of cases) {
          const problem = await expectProblem(url, body, 400, 'invalid-request');
          expect({ url, errors: problem.errors }).toEqual({
            url,
            errors: [expect.objectContaining({ field, code: 'arrayUnique', message: expect.stringContaining('once') })],
          });
        }
      });

      it('a body of thousands of unknown fields, answered with its first 100 problems and their count', async () => {
        const body = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`field${i}`, i]));
        const problem = await expectProblem('/v1/consents', body, 400, 'invalid-request');
        expect(problem.errors).toHaveLength(100);
        expect(problem.errors[0]).toEqual(expect.objectContaining({ code: 'unknown-field' }));
        expect(problem.detail).toMatch(/\(\d{4} problems, the first 100 listed\)$/);
        expect(JSON.stringify(problem).length).toBeLessThan(JSON.stringify(body).length);
      });

      it('a list longer than any the ledger takes, refused before any item of it is validated', async () => {
        const problem = await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { evidence: Array.from({ length: 4000 }, () => ({})) }),
          400,
          'invalid-request',
        );
        expect(problem.errors).toEqual([
          { field: 'evidence', code: 'arrayMaxSize', message: 'evidence must contain no more than 64 elements' },
        ]);
      });

      it('an occurredAt in the future', async () => {
        await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { occurredAt: addMs(ledger.clock.now(), 10 * 60 * 1000) }),
          400,
          'occurred-in-future',
        );
      });

      it('an occurredAt older than the late-entry window', async () => {
        await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { occurredAt: ago(ledger, 40 * DAY) }),
          422,
          'occurred-too-long-ago',
        );
      });

      it('a date on a term that runs until the purposes are achieved', async () => {
        const problem = await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { term: { kind: 'until-purposes-achieved', until: ago(ledger, -DAY) } }),
          400,
          'invalid-request',
        );
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'term.until' })]);
      });

      it('a date that does not exist', async () => {
        await expectProblem(
          '/v1/consents',
          grantBody(newIin(), { occurredAt: '2025-02-30T10:00:00Z' }),
          400,
          'invalid-request',
        );
      });

      it('unknown fields, wrong types and missing fields', async () => {
        const problem = await expectProblem(
          '/v1/consents',
          { ...grantBody(newIin(), { publicationAllowed: 'yes' }), admin: true, term: undefined },
          400,
          'invalid-request',
        );
        expect(problem.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ field: 'admin', code: 'unknown-field' }),
            expect.objectContaining({ field: 'publicationAllowed', code: 'isBoolean' }),
            expect.objectContaining({ field: 'term', code: 'required' }),
          ]),
        );
      });

      it('a string where a check’s JSON body takes a list of data categories', async () => {
        // Only a query string spells a list comma-separated; in JSON a string is the wrong type.
        const problem = await expectProblem(
          '/v1/consent-checks',
          { iin: newIin(), purpose: 'advertising', dataCategories: 'iin,full-name' },
          400,
          'invalid-request',
          {} as never,
        );
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'dataCategories' })]);
      });

      it('a consent id not written as the ledger gave it: a malformed id, not an unknown consent', async () => {
        const iin = newIin();
        const granted = await grant(iin);
        const consentId = granted.consentId.toUpperCase();
        const occurredAt = ago(ledger, 1 * DAY);
        const bodies: [string, object][] = [
          ['/v1/withdrawals', { iin, consentId, scope: {}, channel: 'paper', occurredAt }],
          ['/v1/purposes-achieved', { iin, consentId, occurredAt }],
        ];
        for (const [url, body] of bodies) {
          const problem = await expectProblem(url, body, 400, 'invalid-request');
          expect(problem.errors).toEqual([expect.objectContaining({ field: 'consentId' })]);
        }
        for (const id of [consentId, 'not-a-consent-id']) {
          const receipt = await ledger.request('GET', `/v1/subjects/${granted.subjectId}/consents/${id}/receipt`);
          expect([receipt.status, receipt.body.code]).toEqual([400, 'invalid-request']);
        }
      });

      it('a withdrawal scope naming only permissions it keeps, which would otherwise withdraw everything', async () => {
        const iin = newIin();
        const granted = await grant(iin);
        const occurredAt = ago(ledger, 1 * DAY);
        for (const scope of [
          { crossBorderTransfer: false },
          { publication: false },
          { crossBorderTransfer: false, publication: false },
        ]) {
          const problem = await expectProblem(
            '/v1/withdrawals',
            { iin, scope, channel: 'paper', occurredAt },
            400,
            'empty-scope',
          );
          expect(problem.errors).toEqual([expect.objectContaining({ field: 'scope', code: 'empty-scope' })]);
        }
        const consents = await ledger.request('GET', `/v1/subjects/${granted.subjectId}/consents`);
        expect(consents.body.consents.map((c: { status: string }) => c.status)).toEqual(['active']);
      });

      it('a field given twice, which would leave it to the parser whose IIN a consent is for', async () => {
        const [first, second] = [newIin(), newIin()];
        const text = JSON.stringify(grantBody(first)).replace(`"iin":"${first}"`, `"iin":"${first}","iin":"${second}"`);
        const problem = await expectProblem('/v1/consents', text, 400, 'invalid-request');
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'iin', code: 'duplicate-field' })]);
        const nested = JSON.stringify(grantBody(newIin())).replace(
          '"kind":"until-purposes-achieved"',
          '"kind":"until","kind":"until-purposes-achieved"',
        );
        const deeper = await expectProblem('/v1/consents', nested, 400, 'invalid-request');
        expect(deeper.errors).toEqual([expect.objectContaining({ field: 'term.kind', code: 'duplicate-field' })]);
        for (const iin of [first, second]) {
          const resolved = await ledger.request('POST', '/v1/subjects/resolve', { iin });
          expect(resolved.body.known).toBe(false);
        }
      });

      it('malformed JSON, a non-JSON body, a missing idempotency key', async () => {
        await expectProblem('/v1/consents', '{"iin": ', 400, 'malformed-json');
        const head = await ledger.store.headPosition();
        const text = await ledger.app.inject({
          method: 'POST',
          url: '/v1/consents',
          payload: 'hi',
          headers: { 'content-type': 'text/plain', 'idempotency-key': key() },
        });
        expect(text.statusCode).toBe(415);
        expect(samePosition(await ledger.store.headPosition(), head)).toBe(true);
        await expectProblem('/v1/consents', grantBody(newIin()), 400, 'idempotency-key-required', {} as never);
      });

      it('an unknown route and an unknown person', async () => {
        const route = await ledger.request('GET', '/v1/nothing-here');
        expect(route.status).toBe(404);
        expect(route.body.code).toBe('route-not-found');
        // A route that exists, asked with a method it does not have, says which methods it has.
        const wrongMethod = await ledger.request('GET', '/v1/consents');
        expect([wrongMethod.status, wrongMethod.body.code, wrongMethod.headers.allow]).toEqual([
          405,
          'method-not-allowed',
          'POST',
        ]);
        const readOnly = await ledger.request('POST', `/v1/subjects/${'0'.repeat(32)}/consents`, {});
        expect([readOnly.status, readOnly.headers.allow]).toEqual([405, 'GET, HEAD']);
        // A path no route has, not even with a trailing slash, is unknown: never a 405 allowing a HEAD that 404s too.
        const auditorToken = await ledger.token(['auditor']);
        for (const url of ['/v1/policies/', '/problems/']) {
          for (const method of ['GET', 'HEAD'] as const) {
            const reply = await ledger.app.inject({
              method,
              url,
              headers: { authorization: `Bearer ${auditorToken}` },
            });
            expect([method, url, reply.statusCode, reply.headers.allow]).toEqual([method, url, 404, undefined]);
          }
        }
        const person = await ledger.request('GET', `/v1/subjects/${'0'.repeat(32)}/consents`);
        expect(person.status).toBe(404);
        expect(person.body.code).toBe('unknown-subject');
        const notAPseudonym = await ledger.request('GET', '/v1/subjects/900101300017/consents');
        expect(notAPseudonym.status).toBe(400);
      });

      it('a knownAt in the future', async () => {
        const reply = await ledger.request(
          'GET',
          `/v1/subjects/${'0'.repeat(32)}/check?purpose=advertising&dataCategories=iin&knownAt=2999-01-01T00:00:00Z`,
        );
        expect(reply.status).toBe(400);
        expect(reply.body.code).toBe('known-at-in-future');
        // Not even a second ahead: an answer as known at a moment still to come could change before it
        // comes, and one question would have two answers.
        const soon = addMs(ledger.clock.now(), 1000);
        for (const url of [
          `/v1/subjects/${'0'.repeat(32)}/check?purpose=advertising&dataCategories=iin&knownAt=${soon}`,
          `/v1/disclosures?knownAt=${soon}`,
          `/v1/policies?knownAt=${soon}`,
        ]) {
          const ahead = await ledger.request('GET', url);
          expect([url, ahead.status, ahead.body.code]).toEqual([url, 400, 'known-at-in-future']);
        }
      });
    });

    it('serves the catalogue, the OpenAPI document and health with projection lag', async () => {
      const catalogue = await ledger.request('GET', '/v1/catalogue');
      expect(catalogue.body.recipients).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'state-credit-bureau',
            labels: expect.objectContaining({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) }),
          }),
        ]),
      );
      // Every reason a refusal can give, explained in the three languages (the domain's closed list).
      expect(catalogue.body.reasons.map((r: { code: string }) => r.code).sort()).toEqual([...REASON_CODES].sort());
      expect(catalogue.body.reasons.find((r: { code: string }) => r.code === 'withdrawn').labels).toEqual(
        REASON_LABELS.withdrawn,
      );
      const openapi = await ledger.request('GET', '/docs/openapi.json');
      expect(openapi.status).toBe(200);
      expect(Object.keys(openapi.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/consents',
          '/v1/withdrawals',
          '/v1/disclosures',
          '/v1/subjects/{subjectId}/check',
        ]),
      );
      const ui = await ledger.request('GET', '/docs');
      expect(ui.status).toBe(200);
      const ready = await ledger.request('GET', '/health/ready');
      expect(ready.body).toMatchObject({ status: 'up', projection: { running: true, lagMs: expect.any(Number) } });
    });
  });
}

import { CHECKPOINT_STREAM, verifyPayload } from '@ledger/ledger-log';
import { key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';

/** Signed checkpoints are written on their own when the log grows, and only then. */
describe('checkpoints at an interval', () => {
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await startLedger(undefined, { env: { LEDGER_CHECKPOINT_INTERVAL_SECONDS: '1' } });
  });
  afterAll(() => closeAndRemove(ledger));

  const checkpoints = async () => ledger.store.readStream(CHECKPOINT_STREAM);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('signs the log after it grows, and stays quiet while it does not', async () => {
    await sleep(1500);
    expect(await checkpoints()).toHaveLength(0);

    const now = ledger.clock.now();
    await ledger.command('/v1/policies/privacy/versions', key('policy'), {
      version: '1',
      effectiveFrom: now,
      occurredAt: now,
      materialChange: false,
      texts: { ru: { sha256: 'b'.repeat(64), url: 'https://acredit.kz/p/1/ru' } },
    });
    await ledger.command('/v1/loans/signed', key('loan'), { iin: newIin(), loanId: 'L-1', occurredAt: now });
    // A tick may fall between the two commands (a checkpoint of the first two events): wait for the
    // one that covers all four, however busy the machine.
    const covered = (event: { data: unknown }) => (event.data as { eventsCovered: number }).eventsCovered;
    let signed = await checkpoints();
    for (let i = 0; i < 60 && !(signed.length > 0 && covered(signed[signed.length - 1]) >= 4); i++) {
      await sleep(100);
      signed = await checkpoints();
    }
    const last = signed[signed.length - 1];
    expect(last).toBeDefined();
    const { signature, ...body } = last.data as { signature: string } & Record<string, unknown>;
    const publicKey = (await ledger.request('GET', '/v1/integrity/public-key')).body.publicKeyPem;
    expect(verifyPayload(publicKey, body, signature)).toBe(true);
    // The four command events, and any checkpoint signed in between (checkpoints are in the log too).
    expect(body.eventsCovered).toBe(4 + signed.length - 1);

    // Nothing new in the log: no new checkpoint, tick after tick.
    await sleep(2500);
    expect(await checkpoints()).toHaveLength(signed.length);
  });
});

import { DAY, ago, key, Ledger, newIin, startLedger, closeAndRemove } from '../support/ledger-harness';
import { grantRequest, withdrawalRequest } from '../support/requests';

/**
 * The console's matrix comes from the ledger: every cell is the check's own answer for that one data
 * category, so the page and the API can never disagree — across a withdrawal and a material policy
 * change the person never accepted.
 */
describe('the consent matrix', () => {
  let ledger: Ledger;
  let subjectId: string;
  let withdrawnAt: string;

  beforeAll(async () => {
    ledger = await startLedger();
    const ok = async (reply: Promise<{ status: number; body: any }>, status = 201) => {
      const { status: got, body } = await reply;
      if (got !== status) throw new Error(`${got} ${JSON.stringify(body)}`);
      return body;
    };
    const first = ago(ledger, 20 * DAY);
    await ok(
      ledger.command('/v1/policies/privacy/versions', key('p1'), {
        version: '1',
        effectiveFrom: first,
        occurredAt: first,
        materialChange: true,
        texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/p/1/kk' } },
      }),
    );
    const iin = newIin();
    const granted = await ok(
      ledger.command(
        '/v1/consents',
        key('grant'),
        grantRequest({
          iin,
          purposes: ['advertising', 'credit-and-pension-checks'],
          dataCategories: ['iin', 'mobile-phone', 'credit-history'],
          recipients: ['first-credit-bureau', 'advertising-partners'],
          occurredAt: ago(ledger, 15 * DAY),
        }),
      ),
    );
    subjectId = granted.subjectId;
    withdrawnAt = ago(ledger, 5 * DAY);
    await ok(
      ledger.command(
        '/v1/withdrawals',
        key('withdraw'),
        withdrawalRequest(iin, { purposes: ['advertising'] }, withdrawnAt),
      ),
      200,
    );
    // A material change the person never accepted, in force from two days ago.
    const second = ago(ledger, 2 * DAY);
    await ok(
      ledger.command('/v1/policies/privacy/versions', key('p2'), {
        version: '2',
        effectiveFrom: second,
        occurredAt: second,
        materialChange: true,
        texts: { kk: { sha256: 'c'.repeat(64), url: 'https://acredit.kz/p/2/kk' } },
      }),
    );
  });
  afterAll(() => closeAndRemove(ledger));

  const matrix = async (at: string) => {
    const reply = await ledger.request('GET', `/v1/subjects/${subjectId}/matrix?at=${encodeURIComponent(at)}`);
    expect(reply.status).toBe(200);
    return reply.body as { at: string; knownAt: string; cells: Record<string, any>[] };
  };

  it.each([
    ['before the withdrawal', 10 * DAY],
    ['after the withdrawal, before the new policy', 3 * DAY],
    ['under the policy version never accepted', 0],
  ])('%s: every cell is the check’s answer', async (_when, back) => {
    const at = ago(ledger, back);
    const answer = await matrix(at);
    expect(answer.cells.length).toBeGreaterThan(0);
    const differing: string[] = [];
    for (const cell of answer.cells) {
      const q = new URLSearchParams({
        purpose: cell.purpose,
        ...(cell.recipient ? { recipient: cell.recipient } : {}),
        dataCategories: cell.dataCategory,
        at: answer.at,
        knownAt: answer.knownAt,
      });
      const check = (await ledger.request('GET', `/v1/subjects/${subjectId}/check?${q}`)).body;
      const mine = { allowed: cell.allowed, reasons: cell.reasons.map((r: { code: string }) => r.code) };
      const theirs = { allowed: check.allowed, reasons: check.reasons.map((r: { code: string }) => r.code) };
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        differing.push(`${q}: matrix ${JSON.stringify(mine)} check ${JSON.stringify(theirs)}`);
    }
    expect(differing).toEqual([]);
  });

  it('moves with T: advertising allowed before the withdrawal, not after; nothing by consent under the unaccepted version', async () => {
    const advertising = (cells: Record<string, any>[]) =>
      cells.find(
        (c) =>
          c.purpose === 'advertising' && c.recipient === 'advertising-partners' && c.dataCategory === 'mobile-phone',
      );
    expect(advertising((await matrix(ago(ledger, 10 * DAY))).cells)).toMatchObject({ allowed: true });
    expect(advertising((await matrix(ago(ledger, 3 * DAY))).cells)).toMatchObject({ allowed: false });
    const now = (await matrix(ago(ledger, 0))).cells;
    const byConsent = now.filter((c) => c.allowed && c.basis?.kind === 'consent');
    expect(byConsent).toEqual([]);
    expect(now.flatMap((c) => c.reasons.map((r: { code: string }) => r.code))).toContain('policy-not-accepted');
  });
});

import { createHash } from 'node:crypto';
import { addMs, iinCheckDigit, Instant } from '@ledger/consent-domain';
import { seededRandom } from '@ledger/ledger-log';

/** Sends one command over the ledger's HTTP API. */
export type CommandSender = (url: string, key: string, body: unknown) => Promise<{ status: number; body: unknown }>;

/** The ledger's clock during generation: each command is recorded at its scheduled time. */
export interface SettableClock {
  set(instant: Instant): void;
}

export interface DemoOptions {
  readonly people: number;
  readonly seed: number;
  /** The simulated history ends here (the real "now"); it starts `days` earlier. */
  readonly end: Instant;
  readonly days?: number;
  /** Called after every command, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Add the showcase people (SHOWCASE), each scripted to show one thing. */
  readonly showcase?: boolean;
}

/** One scripted person and what looking at them shows. */
export interface ShowcasePerson {
  readonly iin: string;
  readonly name: string;
  readonly shows: string;
  /** The pseudonym its first consent was given under (an erased person is found only by it). */
  readonly subjectId?: string;
}

export interface DemoSummary {
  readonly people: number;
  readonly commands: number;
  readonly byStatus: Record<string, number>;
  /** IINs of the generated people (synthetic, valid check digits), for trying queries. */
  readonly iins: readonly string[];
  /** The showcase people, when asked for. */
  readonly showcase: readonly ShowcasePerson[];
}

/** What earlier commands answered, by key: later commands name what they created. */
type Answers = ReadonlyMap<string, Record<string, unknown>>;

interface Planned {
  readonly recordAt: Instant;
  /** A command that refers to what an earlier one created builds its URL and body from the answers. */
  readonly url: string | ((answers: Answers) => string | undefined);
  readonly body: Record<string, unknown> | ((answers: Answers) => Record<string, unknown>);
  readonly key: string;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const PAPER_PURPOSES = [
  'microcredit-contract',
  'credit-and-pension-checks',
  'solvency-assessment',
  'obligations-monitoring',
];
const CATEGORIES = [
  'full-name',
  'iin',
  'mobile-phone',
  'addresses',
  'identity-document',
  'salary-amount',
  'employer',
  'pension-contributions',
  'credit-history',
];

/**
 * A realistic, reproducible history: a privacy policy with a material change mid-way, borrowers
 * who consent on the web, by SMS, on paper keyed in days later and via eGov, credit checks,
 * mandatory reporting to the State Credit Bureau, refused withdrawals while loans are open, late
 * paper withdrawals, people who never re-accept the new policy, and refused disclosures.
 */
export async function generateDemoHistory(
  send: CommandSender,
  clock: SettableClock,
  options: DemoOptions,
): Promise<DemoSummary> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const days = options.days ?? 25;
  const start = addMs(options.end, -days * DAY);
  const at = (ms: number) => addMs(start, Math.round(ms));
  const plan: Planned[] = [];
  let seq = 0;
  const add = (recordAt: Instant, url: Planned['url'], body: Planned['body']): string => {
    const key = `demo-${options.seed}-${++seq}`;
    plan.push({ recordAt, url, body, key });
    return key;
  };
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  const texts = (v: string) => ({
    kk: { sha256: sha(`privacy policy ${v} kk`), url: `https://acredit.kz/privacy/${v}/kk` },
    ru: { sha256: sha(`privacy policy ${v} ru`), url: `https://acredit.kz/privacy/${v}/ru` },
  });
  add(at(0), '/v1/policies/privacy/versions', {
    version: '2025.1',
    effectiveFrom: at(0),
    occurredAt: at(0),
    materialChange: true,
    texts: texts('2025.1'),
    summary: 'First version in the ledger',
  });
  const v2Published = at(12 * DAY);
  const v2Effective = at(14 * DAY);
  add(v2Published, '/v1/policies/privacy/versions', {
    version: '2025.2',
    effectiveFrom: v2Effective,
    occurredAt: v2Published,
    materialChange: true,
    texts: texts('2025.2'),
    summary: 'New recipients: advertising partners abroad',
  });
  add(at(20 * DAY), '/v1/policies/privacy/versions', {
    version: '2025.3',
    effectiveFrom: at(20 * DAY),
    occurredAt: at(20 * DAY),
    materialChange: false,
    texts: texts('2025.3'),
    summary: 'Typo fixes',
  });

  const planned = options.showcase ? planShowcase(add, at) : [];

  const iins: string[] = [];
  for (let p = 0; p < options.people; p++) {
    const iin = syntheticIin(options.seed, p);
    iins.push(iin);
    const t0 = 1 * HOUR + random() * 16 * DAY;
    const method = pick([
      'web-checkbox',
      'web-checkbox',
      'sms-one-time-code',
      'sms-one-time-code',
      'paper',
      'egov',
      'digital-signature',
    ] as const);
    const late = method === 'paper' ? (1 + random() * 4) * DAY : 30_000;
    const advertising = chance(0.5);
    const abroad = chance(0.1);
    const version = t0 >= 14 * DAY ? '2025.2' : '2025.1';
    const recipients = [
      'first-credit-bureau',
      'state-pension-payment-centre',
      'enpf',
      ...(advertising ? ['advertising-partners'] : []),
      ...(abroad ? ['advertising-partners-abroad'] : []),
    ];
    const grantKey = add(at(t0 + late), '/v1/consents', {
      iin,
      purposes: [...PAPER_PURPOSES, ...(advertising ? ['advertising'] : []), ...(chance(0.2) ? ['research'] : [])],
      dataCategories: CATEGORIES,
      recipients,
      crossBorderTransferAllowed: abroad && chance(0.6),
      publicationAllowed: false,
      notifyOnDisclosure: chance(0.2),
      term: chance(0.3) ? { kind: 'until', until: at(t0 + 365 * DAY) } : { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version },
      language: chance(0.6) ? 'ru' : 'kk',
      collectionMethod: method,
      evidence: [
        { kind: method === 'paper' ? 'scan' : method, reference: `evidence/${p}`, sha256: sha(`evidence ${p}`) },
      ],
      occurredAt: at(t0),
    });
    // The credit check happens minutes after consent; for paper consents it is recorded before the
    // consent reaches the ledger, so it is refused as known then (a case the auditors look for).
    const check = t0 + 10 * 60 * 1000;
    const checkKey = add(at(check + 30_000), '/v1/disclosures', {
      iin,
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'full-name', 'credit-history'],
      reference: `fcb-${p}`,
      occurredAt: at(check),
    });
    add(at(check + 60_000), '/v1/disclosures', {
      iin,
      recipient: pick(['state-pension-payment-centre', 'enpf']),
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'pension-contributions'],
      occurredAt: at(check + 30_000),
    });

    const hasLoan = chance(0.8);
    const signed = t0 + late + 2 * HOUR;
    if (hasLoan) {
      add(at(signed), '/v1/loans/signed', { iin, loanId: `MC-${options.seed}-${p}`, occurredAt: at(signed) });
      // Late facts of every kind (README "Facts that arrive late"): the paper contract, keyed in days
      // later, dates the signing an hour earlier than the record already there.
      if (chance(0.1) && signed + 3 * DAY < days * DAY) {
        add(at(signed + 3 * DAY), '/v1/loans/signed', {
          iin,
          loanId: `MC-${options.seed}-${p}`,
          occurredAt: at(signed - HOUR),
        });
      }
      add(at(signed + HOUR), '/v1/disclosures', {
        iin,
        recipient: 'state-credit-bureau',
        purpose: 'legal-obligations',
        dataCategories: ['iin', 'full-name'],
        legalBasis: 'microcredit-reporting',
        occurredAt: at(signed + HOUR),
      });
    }
    if (hasLoan && chance(0.15)) {
      const asked = signed + 2 * DAY;
      add(at(asked), '/v1/withdrawals', { iin, scope: {}, channel: 'web-checkbox', occurredAt: at(asked) });
    }
    const fulfilled = signed + (4 + random() * 5) * DAY;
    if (hasLoan && chance(0.4) && fulfilled < days * DAY - HOUR) {
      add(at(fulfilled), '/v1/loans/fulfilled', { iin, loanId: `MC-${options.seed}-${p}`, occurredAt: at(fulfilled) });
      if (chance(0.5)) {
        const asked = fulfilled + random() * 2 * DAY;
        const paper = chance(0.5);
        const recorded = asked + (paper ? (1 + random() * 3) * DAY : 60_000);
        if (recorded < days * DAY) {
          const withdrawalKey = add(at(recorded), '/v1/withdrawals', {
            iin,
            scope: { purposes: ['credit-and-pension-checks'] },
            channel: paper ? 'paper' : 'web-checkbox',
            occurredAt: at(asked),
          });
          // The lending core confirms it stopped processing; a partner's letter, keyed in later, dates
          // the stop earlier than the first confirmation.
          const stopped = recorded + (1 + random()) * DAY;
          const stopUrl = (answers: Answers) => {
            const answer = answers.get(withdrawalKey);
            const carriedOut = answer?.outcome === 'withdrawn' || answer?.outcome === 'partially-withdrawn';
            return carriedOut ? `/v1/withdrawals/${String(answer.withdrawalId)}/processing-stopped` : undefined;
          };
          if (stopped < days * DAY) {
            add(at(stopped), stopUrl, { iin, note: 'core confirmed', occurredAt: at(stopped - HOUR) });
            if (chance(0.5) && stopped + DAY < days * DAY) {
              add(at(stopped + DAY), stopUrl, { iin, note: 'partner letter', occurredAt: at(recorded + HOUR) });
            }
          }
        }
      }
      // The purposes of a term-less consent are achieved with the loan; a second record, keyed in
      // later, says they were achieved earlier.
      const achieved = fulfilled + DAY;
      if (chance(0.3) && achieved + 2 * DAY < days * DAY) {
        const body = (answers: Answers, when: number) => ({
          iin,
          consentId: answers.get(grantKey)?.consentId,
          purposes: ['obligations-monitoring'],
          occurredAt: at(when),
        });
        add(at(achieved), '/v1/purposes-achieved', (answers) => body(answers, achieved));
        add(at(achieved + 2 * DAY), '/v1/purposes-achieved', (answers) => body(answers, fulfilled + HOUR));
      }
    }
    if (t0 < 14 * DAY && chance(0.7)) {
      const accepted = 14 * DAY + random() * 6 * DAY;
      add(at(accepted), '/v1/policy-acceptances', {
        iin,
        policy: { policyId: 'privacy', version: '2025.2' },
        method: 'web-checkbox',
        occurredAt: at(accepted),
      });
      // A signed paper acceptance from the branch, keyed in later, accepted it earlier.
      if (chance(0.2) && accepted + 2 * DAY < days * DAY) {
        add(at(accepted + 2 * DAY), '/v1/policy-acceptances', {
          iin,
          policy: { policyId: 'privacy', version: '2025.2' },
          method: 'paper',
          occurredAt: at(12 * DAY + HOUR + random() * (accepted - 12 * DAY - HOUR)),
        });
      }
    }
    // A consent that asked for notice of transfers: the person is told by SMS, and a letter sent
    // earlier is keyed in later.
    const noticeUrl = (answers: Answers) => {
      const answer = answers.get(checkKey);
      return answer?.subjectToBeNotified === true && typeof answer.disclosureId === 'string'
        ? `/v1/disclosures/${answer.disclosureId}/subject-notified`
        : undefined;
    };
    if (check + 4 * DAY < days * DAY) {
      add(at(check + 2 * DAY), noticeUrl, { iin, channel: 'sms', occurredAt: at(check + 2 * DAY) });
      add(at(check + 4 * DAY), noticeUrl, { iin, channel: 'post', occurredAt: at(check + DAY) });
    }
    if (advertising || abroad) {
      const sent = t0 + late + (1 + random() * 8) * DAY;
      if (sent < days * DAY) {
        add(at(sent), '/v1/disclosures', {
          iin,
          recipient: abroad ? 'advertising-partners-abroad' : 'advertising-partners',
          purpose: 'advertising',
          dataCategories: ['mobile-phone'],
          occurredAt: at(sent),
        });
        // A paper withdrawal of advertising, signed before that transfer but keyed in after it: the
        // transfer was covered as known then and is not as known now (the hindsight report's case).
        if (advertising && chance(0.3) && sent + DAY < days * DAY) {
          add(at(sent + DAY), '/v1/withdrawals', {
            iin,
            scope: { purposes: ['advertising'] },
            channel: 'paper',
            evidence: [{ kind: 'scan', reference: `withdrawals/${p}` }],
            occurredAt: at(sent - HOUR),
          });
        }
      }
    }
    if (chance(0.05)) {
      const sent = t0 + late + 3 * DAY;
      add(at(sent), '/v1/disclosures', {
        iin,
        recipient: 'debt-collectors',
        purpose: 'debt-collection',
        dataCategories: ['full-name', 'mobile-phone'],
        occurredAt: at(sent),
      });
    }
  }

  const ordered = plan
    .filter((c) => c.recordAt <= options.end)
    .sort((a, b) => (a.recordAt < b.recordAt ? -1 : a.recordAt > b.recordAt ? 1 : 0));
  const byStatus: Record<string, number> = {};
  let done = 0;
  let sent = 0;
  const answers = new Map<string, Record<string, unknown>>();
  for (const command of ordered) {
    clock.set(command.recordAt);
    const url = typeof command.url === 'function' ? command.url(answers) : command.url;
    // Nothing to refer to (the grant or disclosure it follows was refused, or asked for no notice).
    if (url === undefined) continue;
    const body = typeof command.body === 'function' ? command.body(answers) : command.body;
    if (body.consentId === undefined && 'consentId' in body) continue;
    const reply = await send(url, command.key, body);
    sent += 1;
    if (reply.body && typeof reply.body === 'object') answers.set(command.key, reply.body as Record<string, unknown>);
    byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
    // A realistic history answers 200/201, or 422 where the law refuses; anything else is a fault.
    if (![200, 201, 422].includes(reply.status)) {
      throw new Error(`demo command ${url} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    options.onProgress?.(++done, ordered.length);
  }
  const showcase = planned.map(({ person, grantKey }) => {
    const subjectId = answers.get(grantKey)?.subjectId;
    return typeof subjectId === 'string' ? { ...person, subjectId } : person;
  });
  return { people: options.people, commands: sent, byStatus, iins, showcase };
}

/**
 * Five people scripted to show one thing each, on the demo's own calendar (policy 2025.1 from day
 * 0, the material 2025.2 published on day 12 and in force from day 14). Their IINs start with 70,
 * which the generated people's never do.
 */
function planShowcase(
  add: (recordAt: Instant, url: Planned['url'], body: Planned['body']) => string,
  at: (ms: number) => Instant,
): { person: ShowcasePerson; grantKey: string }[] {
  const people: { person: ShowcasePerson; grantKey: string }[] = [];
  const show = (grantKey: string, iin: string, name: string, shows: string) =>
    people.push({ grantKey, person: { iin, name, shows } });
  const grant = (iin: string, day: number, extra: Record<string, unknown>) =>
    add(at(day * DAY + 30_000), '/v1/consents', {
      iin,
      purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
      dataCategories: ['full-name', 'iin', 'mobile-phone', 'credit-history'],
      recipients: ['first-credit-bureau', 'advertising-partners'],
      crossBorderTransferAllowed: false,
      publicationAllowed: false,
      term: { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version: '2025.1' },
      language: 'ru',
      collectionMethod: 'web-checkbox',
      evidence: [{ kind: 'web-checkbox', reference: `showcase/${iin.slice(-4)}` }],
      occurredAt: at(day * DAY),
      ...extra,
    });
  const creditCheck = (iin: string, day: number) =>
    add(at(day * DAY + 20 * 60_000), '/v1/disclosures', {
      iin,
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'full-name', 'credit-history'],
      occurredAt: at(day * DAY + 10 * 60_000),
    });
  const accept = (iin: string, day: number) =>
    add(at(day * DAY), '/v1/policy-acceptances', {
      iin,
      policy: { policyId: 'privacy', version: '2025.2' },
      method: 'web-checkbox',
      occurredAt: at(day * DAY),
    });
  const advertise = (iin: string, day: number) =>
    add(at(day * DAY), '/v1/disclosures', {
      iin,
      recipient: 'advertising-partners',
      purpose: 'advertising',
      dataCategories: ['mobile-phone'],
      occurredAt: at(day * DAY),
    });

  const late = showcaseIin(1);
  const lateGrant = grant(late, 2, { subject: { fullName: 'Айгерим Showcase Late' } });
  creditCheck(late, 2);
  accept(late, 13);
  advertise(late, 9);
  // Signed at the branch on day 8, keyed in on day 11: after the advertising transfer of day 9.
  add(at(11 * DAY), '/v1/withdrawals', {
    iin: late,
    scope: { purposes: ['advertising'] },
    channel: 'paper',
    evidence: [{ kind: 'scan', reference: 'showcase/withdrawal-scan' }],
    occurredAt: at(8 * DAY),
  });
  show(
    lateGrant,
    late,
    'a late paper withdrawal',
    'advertising withdrawn on paper on day 8, keyed in on day 11: move T across day 8 and advertising changes; ' +
      'the day-9 transfer was covered as known then, not as known now (drawn late on the timeline)',
  );

  const unaccepted = showcaseIin(2);
  const unacceptedGrant = grant(unaccepted, 5, { language: 'kk', subject: { fullName: 'Нұрлан Showcase Policy' } });
  creditCheck(unaccepted, 5);
  advertise(unaccepted, 16);
  show(
    unacceptedGrant,
    unaccepted,
    'a material policy change not accepted',
    'never accepted privacy 2025.2 (in force from day 14): the consent is suspended from then, and the day-16 ' +
      'advertising transfer was refused',
  );

  const refused = showcaseIin(3);
  const refusedGrant = grant(refused, 6, { subject: { fullName: 'Dana Showcase Refused' } });
  creditCheck(refused, 6);
  accept(refused, 15);
  add(at(10 * DAY), '/v1/disclosures', {
    iin: refused,
    recipient: 'debt-collectors',
    purpose: 'debt-collection',
    dataCategories: ['full-name', 'mobile-phone'],
    occurredAt: at(10 * DAY),
  });
  show(
    refusedGrant,
    refused,
    'a refused disclosure',
    'a transfer to debt collectors on day 10 that no consent covered: refused, with the reason',
  );

  const loanBound = showcaseIin(4);
  const loanBoundGrant = grant(loanBound, 4, { subject: { fullName: 'Erlan Showcase Loan' } });
  creditCheck(loanBound, 4);
  accept(loanBound, 15);
  add(at(4 * DAY + 2 * HOUR), '/v1/loans/signed', {
    iin: loanBound,
    loanId: 'MC-SHOWCASE-4',
    occurredAt: at(4 * DAY + 2 * HOUR),
  });
  add(at(4 * DAY + 3 * HOUR), '/v1/disclosures', {
    iin: loanBound,
    recipient: 'state-credit-bureau',
    purpose: 'legal-obligations',
    dataCategories: ['iin', 'full-name'],
    legalBasis: 'microcredit-reporting',
    occurredAt: at(4 * DAY + 3 * HOUR),
  });
  add(at(7 * DAY), '/v1/withdrawals', { iin: loanBound, scope: {}, channel: 'web-checkbox', occurredAt: at(7 * DAY) });
  show(
    loanBoundGrant,
    loanBound,
    'a withdrawal refused while a loan is open',
    'asked on day 7 to withdraw everything: advertising went, the loan-bound purposes were refused while ' +
      'MC-SHOWCASE-4 is open; the State Credit Bureau report rests on a legal basis, not consent',
  );

  const erased = showcaseIin(5);
  const erasedGrant = grant(erased, 3, { subject: { fullName: 'Saule Showcase Erased' } });
  creditCheck(erased, 3);
  add(at(15 * DAY), '/v1/erasures', {
    iin: erased,
    reason: 'court-decision',
    legalReference: 'showcase court ruling 2-0001/2025',
    occurredAt: at(15 * DAY),
  });
  show(
    erasedGrant,
    erased,
    'an erasure',
    'erased by court decision on day 15: the IIN now leads nowhere (resolve says unknown); the history before ' +
      'stays, identifiers shown as erased — look it up by its pseudonym from before the erasure',
  );
  return people;
}

/** How many people `syntheticIin` tells apart under one seed (20 birth years of 21,000 each). */
export const SYNTHETIC_IINS = 420_000;

/** A showcase person's IIN: born 1970-05-15, which no generated person is. */
function showcaseIin(n: number): string {
  for (let k = 0; ; k++) {
    const body = `7005154${String(n * 100 + k).padStart(4, '0')}`;
    const check = iinCheckDigit([...body].map(Number));
    if (check !== undefined) return body + check;
  }
}

/**
 * A valid synthetic IIN for person `n` of a seed (check digit right, digits otherwise arbitrary),
 * a different one for every `n` below SYNTHETIC_IINS. The other fields repeat every 21,000 people, so
 * each round of them moves the birth year on by one: without that, person 21,000 was person 0 again
 * and a benchmark's "new person" was an old one whose state grew with every grant.
 */
export function syntheticIin(seed: number, n: number): string {
  const round = Math.floor(n / 21_000);
  for (let k = 0; ; k++) {
    const body = `${String(80 + ((seed + n + round) % 20)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${3 + (n % 2)}${String((n * 10 + k) % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit([...body].map(Number));
    if (check !== undefined) return body + check;
  }
}

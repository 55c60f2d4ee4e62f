/**
 * Bodies of the commands the tests send, with what the lending core always sends filled in: each
 * test names what it is about (the person, when, what is granted or disclosed) and overrides the rest
 * only where that matters to it.
 */

type Patch = Record<string, unknown>;

/** A consent grant: the person, when, and what it covers; a web checkbox under privacy 1, in Kazakh. */
export function grantRequest(
  grant: {
    iin: string;
    occurredAt: string;
    purposes: string[];
    dataCategories: string[];
    recipients: string[];
  } & Patch,
) {
  return {
    crossBorderTransferAllowed: false,
    publicationAllowed: false,
    term: { kind: 'until-purposes-achieved' },
    policyShown: { policyId: 'privacy', version: '1' },
    language: 'kk',
    collectionMethod: 'web-checkbox',
    evidence: [],
    ...grant,
  };
}

/** The smallest consent many suites start from: the person's full name to advertising partners, for advertising. */
export const advertisingGrant = (iin: string, occurredAt: string) =>
  grantRequest({
    iin,
    occurredAt,
    purposes: ['advertising'],
    dataCategories: ['full-name'],
    recipients: ['advertising-partners'],
  });

/**
 * The grant the API suites start from: everything the lender's form offers — credit checks with the
 * bureau and the pension centre, advertising — confirmed by an SMS code.
 */
export function smsGrantRequest(iin: string, occurredAt: string, patch: Patch = {}) {
  return grantRequest({
    iin,
    purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
    dataCategories: ['full-name', 'iin', 'salary-amount', 'pension-contributions'],
    recipients: ['first-credit-bureau', 'enpf', 'advertising-partners'],
    collectionMethod: 'sms-one-time-code',
    evidence: [{ kind: 'sms-log', reference: 'sms/784512', sha256: 'a'.repeat(64) }],
    occurredAt,
    ...patch,
  });
}

/** A withdrawal asked on paper; `scope` {} withdraws everything. */
export function withdrawalRequest<S extends object>(iin: string, scope: S, occurredAt: string, patch: Patch = {}) {
  return { iin, scope, channel: 'paper', occurredAt, ...patch };
}

/** A disclosure to the First Credit Bureau for credit checks, of the IIN and full name unless said. */
export function disclosureRequest(disclosure: { iin: string; occurredAt: string } & Patch) {
  return {
    recipient: 'first-credit-bureau',
    purpose: 'credit-and-pension-checks',
    dataCategories: ['iin', 'full-name'],
    ...disclosure,
  };
}

/** Version 1 of the privacy policy, in force from `at`, a material change, its Kazakh text. */
export function policyVersionRequest(at: string, patch: Patch = {}) {
  return {
    version: '1',
    effectiveFrom: at,
    occurredAt: at,
    materialChange: true,
    texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/privacy/1/kk' } },
    ...patch,
  };
}

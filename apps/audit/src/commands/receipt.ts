import {
  consentReceipt,
  controllerDetails,
  ControllerDetails,
  DomainError,
  RetentionRules,
  validateRetentionRules,
} from '@ledger/consent-domain';
import { Args, catalogue, EXIT, momentFrom, readText, subjectIdFrom, text, UsageError } from '../cli';
import { answeredExit, answerFrom, assertAnswerable, noteAfterExport, replayExport } from '../replay';

/** The receipt for one consent, built from the export alone with the service's own receipt code. */
export async function receiptCommand(
  args: Args,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const subjectId = subjectIdFrom(args, 'receipt');
  const consentId = text(args, 'consent');
  if (!consentId) throw new UsageError('receipt needs --consent <consentId>');
  const operator = operatorFrom(text(args, 'operator'));
  const retention = retentionFrom(text(args, 'retention'));
  const { replay, createdAt, scope, report } = await replayExport(args, err, new Set([subjectId]));
  const moment = momentFrom(args, createdAt);
  assertAnswerable(replay, scope, subjectId, moment.knownAt);
  noteAfterExport(createdAt, moment.knownAt, err);
  const consent = replay.consents(subjectId, moment).consents.find((c) => c.consentId === consentId);
  if (!consent) {
    out(`the export holds no consent ${consentId} for subject ${subjectId} (as known at ${moment.knownAt})\n`);
    return EXIT.failed;
  }
  const shown = consent.grant.policyShown;
  const { erased } = replay.state(subjectId);
  const book = replay.book();
  const achieved = replay.state(subjectId).purposesAchieved;
  const receipt = answerFrom(subjectId, () =>
    consentReceipt({
      consent,
      catalogue,
      policyShown: book[shown.policyId]?.versions.find((v) => v.version === shown.version),
      controller: controllerDetails(catalogue, operator),
      // The export carries the grant's identifiers only sealed: held by the ledger, not opened here.
      // Once the erasure is known (by T′), they are destroyed, whatever T the receipt is about.
      subject: {
        subjectId,
        ...(consent.grant.identifiers !== undefined ? { identifiersSealed: true } : {}),
        ...(erased && erased.recordedAt <= moment.knownAt ? { identifiersErased: erased } : {}),
      },
      issuedAt: moment.knownAt,
      at: moment.at,
      jurisdiction: 'KZ',
      ...(retention ? { retention } : {}),
      purposesAchieved: achieved.filter((a) => a.consentId === consentId),
      ...(erased && erased.occurredAt <= moment.at && erased.recordedAt <= moment.knownAt ? { erased } : {}),
    }),
  );
  out(JSON.stringify(receipt, null, 2) + '\n');
  return answeredExit(report);
}

const OPERATOR_TEXTS = ['name', 'email', 'phone', 'contact', 'url'] as const;
const ADDRESS_TEXTS = ['streetAddress', 'locality', 'region', 'postalCode', 'country'] as const;

/**
 * The operator's details, held to the shape a receipt states them in: a file that is not (an address
 * that is no object, a BIN that is not 12 digits) is the auditor's to correct, never read as a fault
 * of the export's events, nor written into a receipt its schema refuses.
 */
function operatorFrom(file: string | undefined): Partial<ControllerDetails> {
  if (!file) return {};
  let given: unknown;
  try {
    given = JSON.parse(readText(file, '--operator'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`--operator ${file} is not JSON`);
    throw error;
  }
  const wrong = (what: string) => new UsageError(`--operator ${file}: ${what}`);
  if (!isObject(given)) throw wrong('not a JSON object');
  for (const [name, value] of Object.entries(given)) {
    if ((OPERATOR_TEXTS as readonly string[]).includes(name)) {
      if (typeof value !== 'string' || value.trim() === '') throw wrong(`${name} must be a non-empty string`);
    } else if (name === 'bin') {
      if (typeof value !== 'string' || !/^\d{12}$/.test(value))
        throw wrong('bin must be the 12-digit BIN, as a string');
    } else if (name === 'names') {
      if (
        !isObject(value) ||
        !Object.entries(value).every(([k, v]) => ['kk', 'ru', 'en'].includes(k) && typeof v === 'string')
      )
        throw wrong('names must map kk, ru and en to strings');
    } else if (name === 'address') {
      if (
        !isObject(value) ||
        !Object.entries(value).every(
          ([k, v]) => (ADDRESS_TEXTS as readonly string[]).includes(k) && typeof v === 'string',
        ) ||
        !['streetAddress', 'locality', 'country'].every((k) => k in value)
      )
        throw wrong(
          'address must be an object of strings: streetAddress, locality, country (region, postalCode optional)',
        );
    } else {
      throw wrong(`${name} is not an operator detail (name, names, bin, address, email, phone, contact, url)`);
    }
  }
  return given as Partial<ControllerDetails>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The ledger's retention rules, as its LEDGER_RETENTION_* settings give them, checked as the ledger checks them. */
function retentionFrom(file: string | undefined): RetentionRules | undefined {
  if (!file) return undefined;
  let rules: RetentionRules;
  try {
    rules = JSON.parse(readText(file, '--retention')) as RetentionRules;
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`--retention ${file} is not JSON`);
    throw error;
  }
  try {
    return validateRetentionRules({ ...rules, byDataCategory: rules.byDataCategory ?? {} });
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`--retention ${file}: ${error.message}`);
    throw error;
  }
}

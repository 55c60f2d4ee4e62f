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
  const receipt = answerFrom(subjectId, () => consentReceipt({
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
  }));
  out(JSON.stringify(receipt, null, 2) + '\n');
  return answeredExit(report);
}

function operatorFrom(file: string | undefined): Partial<ControllerDetails> {
  if (!file) return {};
  try {
    return JSON.parse(readText(file, '--operator')) as Partial<ControllerDetails>;
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`--operator ${file} is not JSON`);
    throw error;
  }
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

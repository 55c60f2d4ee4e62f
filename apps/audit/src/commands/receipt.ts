import { readFileSync } from 'node:fs';
import { consentReceipt, controllerDetails, ControllerDetails } from '@ledger/consent-domain';
import { Args, catalogue, EXIT, flag, publicKeyFrom, UsageError } from '../cli';
import { replayExport } from '../replay';
import { momentFrom } from './moments';

/** The receipt for one consent, built from the export alone with the service's own receipt code. */
export async function receiptCommand(file: string, args: Args, out: (text: string) => void): Promise<number> {
  const subjectId = flag(args, 'subject');
  const consentId = flag(args, 'consent');
  if (!subjectId || !consentId) throw new UsageError('receipt needs --subject <id> and --consent <consentId>');
  const operatorFile = flag(args, 'operator');
  const operator = operatorFile ? (JSON.parse(readFileSync(operatorFile, 'utf8')) as Partial<ControllerDetails>) : {};
  const { replay, createdAt } = await replayExport(file, catalogue, new Set([subjectId]), {
    publicKeyPem: publicKeyFrom(args),
    verify: !args.flags.has('no-verify'),
  });
  const moment = momentFrom(args, createdAt);
  const consent = replay.consents(subjectId, moment).consents.find((c) => c.consentId === consentId);
  if (!consent) {
    out(`the export holds no consent ${consentId} for subject ${subjectId} (as known at ${moment.knownAt})\n`);
    return EXIT.failed;
  }
  const shown = consent.grant.policyShown;
  const receipt = consentReceipt({
    consent,
    catalogue,
    policyShown: replay.book()[shown.policyId]?.versions.find((v) => v.version === shown.version),
    controller: controllerDetails(catalogue, operator),
    subject: { subjectId },
    issuedAt: moment.knownAt,
    jurisdiction: 'KZ',
    purposesAchieved: replay.state(subjectId).purposesAchieved.filter((a) => a.consentId === consentId),
  });
  out(JSON.stringify(receipt, null, 2) + '\n');
  return EXIT.ok;
}

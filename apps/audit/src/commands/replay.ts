import { ConsentView, CoverageAnswer, Recorded, SubjectEvent } from '@ledger/consent-domain';
import { Args, EXIT, flagSet, momentFrom, subjectIdFrom, text } from '../cli';
import { answeredExit, answerFrom, assertAnswerable, noteAfterExport, replayExport } from '../replay';

/** "What was valid at T, as known at T′" for one person, from the export alone, with its evidence. */
export async function replayCommand(
  args: Args,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const subjectId = subjectIdFrom(args, 'replay');
  const { replay, createdAt, scope, report } = await replayExport(args, err, new Set([subjectId]));
  if (!replay.has(subjectId)) {
    out(`the export holds no events for subject ${subjectId}\n`);
    return EXIT.failed;
  }
  const moment = momentFrom(args, createdAt);
  assertAnswerable(replay, scope, subjectId, moment.knownAt);
  noteAfterExport(createdAt, moment.knownAt, err);
  const { consents, openLoans } = replay.consents(subjectId, moment);
  const purpose = text(args, 'purpose');
  const check = purpose
    ? replay.check(
        subjectId,
        {
          purpose,
          ...(text(args, 'recipient') ? { recipient: text(args, 'recipient') } : {}),
          dataCategories: (text(args, 'categories') ?? '').split(',').filter(Boolean),
          ...(text(args, 'legal-basis') ? { legalBasis: text(args, 'legal-basis') } : {}),
        },
        moment,
      )
    : undefined;
  const events = replay.events(subjectId);
  if (flagSet(args, 'json')) {
    out(JSON.stringify({ subjectId, ...moment, consents, openLoans, ...(check ? { check } : {}) }, null, 2) + '\n');
    return answeredExit(report);
  }
  out(answerFrom(subjectId, () => describe(subjectId, moment, consents, openLoans, events, check)));
  return answeredExit(report);
}

function describe(
  subjectId: string,
  moment: { at: string; knownAt: string },
  consents: ConsentView[],
  openLoans: string[],
  events: readonly Recorded<SubjectEvent>[],
  check?: CoverageAnswer,
): string {
  const byId = new Map(events.map((e) => [e.ref.eventId, e]));
  const cite = (id: string) => {
    const e = byId.get(id);
    return e
      ? `${e.type} #${e.ref.revision} happened ${e.occurredAt}, recorded ${e.recordedAt} (${id})`
      : `policy event ${id}`;
  };
  const lines = [`subject ${subjectId} at ${moment.at}, as known at ${moment.knownAt}`];
  if (consents.length === 0) lines.push('  no consent had been given (as known then)');
  for (const c of consents) {
    lines.push(`  consent ${c.consentId}: ${c.status} (${c.dpvState})`);
    for (const p of c.coverage) {
      lines.push(`    ${p.purpose}: lender [${p.dataCategories.join(', ')}]`);
      for (const r of p.recipients) lines.push(`      → ${r.recipient}: [${r.dataCategories.join(', ')}]`);
    }
    lines.push('    because:');
    for (const id of c.justifiedBy) lines.push(`      ${cite(id)}`);
  }
  lines.push(`  open loans: ${openLoans.length ? openLoans.join(', ') : 'none'}`);
  if (check) {
    lines.push(`  check: ${check.allowed ? 'ALLOWED' : 'NOT ALLOWED'}${check.crossBorder ? ' (cross-border)' : ''}`);
    if (check.basis) lines.push(`    basis: ${JSON.stringify(check.basis)}`);
    for (const r of check.reasons)
      lines.push(`    reason ${r.code}: ${r.message}${r.citation ? ` [${r.citation}]` : ''}`);
    for (const id of check.justifiedBy) lines.push(`    ${cite(id)}`);
  }
  return lines.join('\n') + '\n';
}

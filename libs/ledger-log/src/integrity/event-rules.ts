import { MAX_CLOCK_SKEW_SECONDS, MAX_LATE_WINDOW_DAYS } from '@ledger/consent-domain';
import { accessStream, categoryOf, POLICY, subjectStream } from '../streams';
import { ExportedEvent, ExportScope } from './export-format';
import { VerificationProblem } from './export-lines';

// What an export's events must keep beyond their hashes and chains: the ledger's clock rules and the
// export's scope (docs/integrity.md). A holder of the key could sign anything; not this.

const MAX_SKEW_MS = MAX_CLOCK_SKEW_SECONDS * 1000;
const MAX_LATE_MS = MAX_LATE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/**
 * `Date.parse` with the last answer kept: one command's events, written one after the other, share
 * their times.
 */
class LastTime {
  private text = '';
  private value = NaN;

  parse(text: string): number {
    if (text !== this.text) {
      this.text = text;
      this.value = Date.parse(text);
    }
    return this.value;
  }
}

const recordedTimes = new LastTime();
const occurredTimes = new LastTime();

/** `Date.parse` of an event's occurredAt, as `timesChecked` read it. */
export function occurredTime(occurredAt: string): number {
  return occurredTimes.parse(occurredAt);
}

/**
 * The event's two times against what the ledger's command road allows, whatever its configuration:
 * recordedAt is the ledger's clock, which a stream never sees go back (and the log not by more than
 * the widest clock skew: instances' clocks, commands decided concurrently); occurredAt is the caller's
 * word, never more than that skew ahead of the ledger, nor — unless imported — older than the widest
 * late window. A history rewritten to say the ledger knew something earlier breaks one of these.
 * The event's `recordedAt` as a number, or the problem.
 */
export function timesChecked(
  event: ExportedEvent,
  line: number,
  /** When the event before it in its stream was recorded (undefined for a stream's first in the export). */
  streamRecorded: number | undefined,
  /** The latest recordedAt of the events before it in the export, as a number and as written. */
  newestRecorded: number,
  newestRecordedAt: string,
  /** The event just before it in the export, when it is of the same command (the same `commandId`). */
  sameCommand?: { readonly recorded: number; readonly occurred: number },
): number | VerificationProblem {
  const { recordedAt, occurredAt, imported } = event.metadata;
  const recorded = typeof recordedAt === 'string' ? recordedTimes.parse(recordedAt) : NaN;
  const occurred = typeof occurredAt === 'string' ? occurredTimes.parse(occurredAt) : NaN;
  const problem = (code: string, why: string): VerificationProblem => ({
    ...where(event, line),
    code,
    reason: `${nameOf(event, line)}: ${why}`,
  });
  if (!Number.isFinite(recorded) || !Number.isFinite(occurred)) {
    return problem('event-time-invalid', 'its recordedAt or occurredAt is missing or not a date-time');
  }
  // One command's events (its claim included) share its envelope: one occurredAt, and one recordedAt
  // (a retry decided again after its claim landed is recorded later, never earlier).
  if (sameCommand && recorded < sameCommand.recorded) {
    return problem(
      'recorded-at-backwards',
      `recorded at ${String(recordedAt)}, before the event before it of the same command (${new Date(sameCommand.recorded).toISOString()}): a command's events are recorded together`,
    );
  }
  if (streamRecorded !== undefined && recorded < streamRecorded) {
    return problem(
      'recorded-at-backwards',
      `recorded at ${String(recordedAt)}, before the event before it in its stream (${new Date(streamRecorded).toISOString()}): the ledger's clock never runs back within a stream`,
    );
  }
  if (recorded < newestRecorded - MAX_SKEW_MS) {
    return problem(
      'recorded-at-backwards',
      `recorded at ${String(recordedAt)}, more than ${MAX_CLOCK_SKEW_SECONDS} s before an event the log holds before it (${newestRecordedAt})`,
    );
  }
  if (occurred > recorded + MAX_SKEW_MS) {
    return problem(
      'occurred-after-recorded',
      `it happened at ${String(occurredAt)}, more than ${MAX_CLOCK_SKEW_SECONDS} s after the ledger recorded it (${String(recordedAt)}): the ledger refuses a fact from the future`,
    );
  }
  if (imported === undefined && occurred < recorded - MAX_LATE_MS) {
    return problem(
      'occurred-before-late-window',
      `it happened at ${String(occurredAt)}, more than ${MAX_LATE_WINDOW_DAYS} days before it was recorded (${String(recordedAt)}), and was not imported: the ledger refuses a fact that late`,
    );
  }
  if (sameCommand && occurred !== sameCommand.occurred) {
    return problem(
      'occurred-at-differs',
      `it happened at ${String(occurredAt)}, but the event before it of the same command at ${new Date(sameCommand.occurred).toISOString()}: a command's events happened at once`,
    );
  }
  return recorded;
}

/**
 * An event the export's scope does not hold: a person's export holds their stream, who looked at
 * them and the policies; a period's, what was recorded in [from, to).
 */
export function outsideScope(
  scope: ExportScope,
  event: ExportedEvent,
  recorded: number,
  line: number,
): VerificationProblem | undefined {
  let why: string | undefined;
  if (scope.kind === 'subject') {
    const mine = [subjectStream(scope.subjectId), accessStream(scope.subjectId)];
    if (!mine.includes(event.stream) && categoryOf(event.stream) !== POLICY) {
      why = `a person's export holds their stream, who looked at them and the policies, not ${event.stream}`;
    }
  } else if (scope.kind === 'period' && !(recorded >= Date.parse(scope.from) && recorded < Date.parse(scope.to))) {
    why = `it was recorded at ${String(event.metadata.recordedAt)}, outside the export's period ${scope.from} – ${scope.to}`;
  }
  return why === undefined
    ? undefined
    : { ...where(event, line), code: 'outside-scope', reason: `${nameOf(event, line)}: ${why}` };
}

/** A scope the ledger exports; any other would be reported as something it is not. */
export function knownScope(scope: unknown): scope is ExportScope {
  if (scope === null || typeof scope !== 'object') return false;
  const s = scope as Record<string, unknown>;
  const instant = (v: unknown) => typeof v === 'string' && Number.isFinite(Date.parse(v));
  if (s.kind === 'log') return true;
  if (s.kind === 'subject') return typeof s.subjectId === 'string' && /^[0-9a-f]{32}$/.test(s.subjectId);
  return s.kind === 'period' && instant(s.from) && instant(s.to);
}

export function where(event: ExportedEvent, line: number) {
  return { line, eventId: event.id, stream: event.stream, revision: event.revision };
}

export function nameOf(event: ExportedEvent, line: number): string {
  return `event ${event.id} (${event.stream} revision ${event.revision}, line ${line})`;
}

import {
  CatalogueIndex,
  checkCoverage,
  ConsentView,
  consentsAt,
  CoverageAnswer,
  fold,
  Moment,
  openLoansAsKnown,
  PolicyBook,
  PolicyEvent,
  policyDecider,
  Recorded,
  subjectDecider,
  SubjectEvent,
  SubjectState,
} from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import {
  categoryOf,
  ExportedEvent,
  ExportScope,
  idOf,
  POLICY,
  SUBJECT,
  toRecorded,
  VerificationReport,
} from '@ledger/ledger-log';
import { Args, catalogue, EXIT, flagSet, pinnedKeys } from './cli';
import { describeScope } from './commands/verify';
import { readExport, ReadOptions } from './export-reader';
import { Progress } from './progress';

/**
 * The ledger's answers rebuilt from an export alone, with the very domain code the service runs:
 * the same fold, the same validity rule, the same catalogue.
 */
export class Replay {
  private readonly subjects = new Map<string, Recorded<SubjectEvent>[]>();
  private readonly policies = new Map<string, Recorded<PolicyEvent>[]>();
  /** Streams kept whose first event in the export is not their first: a period export's. */
  private readonly cutStreams = new Map<string, number>();

  /** `wanted`: the people to keep; undefined keeps everyone in the export. */
  constructor(
    private readonly catalogue: CatalogueIndex,
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  accept(event: ExportedEvent): void {
    const category = categoryOf(event.stream);
    const id = idOf(event.stream);
    const stored = event as unknown as StoredEvent;
    if (category === SUBJECT && (!this.wanted || this.wanted.has(id))) {
      this.noteStart(this.subjects, id, event);
      push(this.subjects, id, toRecorded<SubjectEvent>(stored));
    } else if (category === POLICY) {
      this.noteStart(this.policies, id, event);
      push(this.policies, id, toRecorded<PolicyEvent>(stored));
    }
  }

  private noteStart(kept: Map<string, unknown>, id: string, event: ExportedEvent): void {
    if (!kept.has(id) && event.revision !== 0) this.cutStreams.set(event.stream, event.revision);
  }

  /**
   * The streams an answer about this person rests on (theirs and every policy's) that the export
   * holds only from a later revision: the answer would be folded without their start.
   */
  cutShort(subjectId: string): { stream: string; from: number }[] {
    const needed = [`${SUBJECT}-${subjectId}`, ...[...this.policies.keys()].map((id) => `${POLICY}-${id}`)];
    return needed
      .filter((s) => this.cutStreams.has(s))
      .map((stream) => ({ stream, from: this.cutStreams.get(stream)! }));
  }

  has(subjectId: string): boolean {
    return this.subjects.has(subjectId);
  }

  events(subjectId: string): readonly Recorded<SubjectEvent>[] {
    return this.subjects.get(subjectId) ?? [];
  }

  state(subjectId: string): SubjectState {
    return answerFrom(subjectId, () => fold(subjectDecider, this.events(subjectId)));
  }

  book(): PolicyBook {
    return answerFrom('(none)', () =>
      Object.fromEntries([...this.policies].map(([id, events]) => [id, fold(policyDecider, events)])),
    );
  }

  consents(subjectId: string, moment: Moment): { consents: ConsentView[]; openLoans: string[] } {
    const state = this.state(subjectId);
    const book = this.book();
    return answerFrom(subjectId, () => ({
      consents: consentsAt(state, book, this.catalogue, moment),
      openLoans: openLoansAsKnown(state, moment),
    }));
  }

  check(
    subjectId: string,
    question: { purpose: string; recipient?: string; dataCategories: string[]; legalBasis?: string },
    moment: Moment,
  ): CoverageAnswer {
    const state = this.state(subjectId);
    const book = this.book();
    return answerFrom(subjectId, () => checkCoverage(state, book, this.catalogue, { ...question, ...moment }));
  }
}

function push<E>(map: Map<string, E[]>, key: string, value: E): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The ledger ended the export with an error record: answers from it would miss what came after. */
export class ExportIncomplete extends Error {}

/**
 * The export cannot answer the question: it lacks the start of a stream the answer rests on, or
 * what the ledger learned by the moment asked about (a period export ends at its `to`) —
 * `history-partial`; or the events the answer rests on are not as the ledger writes them, which a
 * holder of its key could still sign — `event-unreadable`.
 */
export class CannotAnswer extends Error {
  constructor(
    readonly code: 'history-partial' | 'event-unreadable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * An answer computed from events with the ledger's own domain code, which takes their shape on
 * trust: a value of another shape (signed by whoever holds the key, so verify passed) is said to be
 * one, not left to fail as a crash of the tool.
 */
export function answerFrom<T>(subjectId: string, answer: () => T): T {
  try {
    return answer();
  } catch (error) {
    if (!(error instanceof TypeError) && !(error instanceof RangeError)) throw error;
    throw new CannotAnswer(
      'event-unreadable',
      `the events of subject ${subjectId} or of a policy are not as the ledger writes them (${error.message}); ` +
        'verify proves who signed them, not that the signer kept to the shape of the ledger’s events',
    );
  }
}

/**
 * Refuses to answer for a person at `knownAt` from an export that does not hold all the ledger knew
 * by then about them: a period export holds what was recorded in [from, to), so a stream that began
 * before `from` is there without its start, and nothing recorded from `to` on is there at all.
 */
export function assertAnswerable(
  replay: Replay,
  scope: ExportScope | undefined,
  subjectId: string,
  knownAt: string,
): void {
  const cut = replay.cutShort(subjectId);
  if (cut.length > 0) {
    throw new CannotAnswer(
      'history-partial',
      `${describeScope(scope)}: the export holds ${cut.map((c) => `${c.stream} only from revision ${c.from}`).join(', ')}; ` +
        'an answer folded without the earlier events would be wrong — replay from a whole-log export or the person’s own export',
    );
  }
  if (scope?.kind === 'period' && Date.parse(knownAt) >= Date.parse(scope.to)) {
    throw new CannotAnswer(
      'history-partial',
      `${describeScope(scope)}: the export holds only what the ledger recorded before ${scope.to}, not all it knew at ${knownAt}; ` +
        `ask with --known-at before ${scope.to}, or replay from a whole-log export or the person’s own export`,
    );
  }
}

/**
 * Reads an export for replay, verifying it unless `--no-verify`: a failure throws, an incomplete
 * export is refused, and an unpinned signer is noted on standard error (the answers stand, but
 * nothing proves who made the export: the command then exits 4, see `answeredExit`).
 */
export async function readForReplay(
  args: Args,
  err: (text: string) => void,
  options: Pick<ReadOptions, 'progress' | 'onHeader' | 'onEvent'>,
): Promise<VerificationReport> {
  const verify = !flagSet(args, 'no-verify');
  const report = await readExport(args.file, { ...options, pinned: verify ? pinnedKeys(args) : [], verify });
  if (!verify) {
    err('note: the export was not verified (--no-verify): nothing shows it is the ledger’s, or intact\n');
    return report;
  }
  if (report.incomplete) {
    throw new ExportIncomplete(
      `${describeScope(report.scope)}: the ledger stopped this export after ${report.incomplete.events} events (${report.incomplete.code}: ${report.incomplete.message}); answers from it would miss what came after — export again once the ledger is repaired`,
    );
  }
  if (!report.pinned) {
    err(
      'note: the export is intact, but its signer is not pinned: pass --public-key, --key-fingerprint or --keyring to prove who made it\n',
    );
  }
  return report;
}

/**
 * The exit code of an answer given: 0 only when a key the auditor pinned proved the export, as for
 * verify; else 4 — a forger's re-signed export answers too, and a script must not take it as proven.
 */
export function answeredExit(report: VerificationReport): number {
  return report.pinned ? EXIT.ok : EXIT.unpinned;
}

/**
 * A note when the moment asked about is later than the export: what the ledger learned after it was
 * made is not in it, so the answer is as known when it was made, whatever `knownAt` says.
 */
export function noteAfterExport(createdAt: string, knownAt: string, err: (text: string) => void): void {
  if (createdAt !== '' && Date.parse(knownAt) > Date.parse(createdAt)) {
    err(
      `note: --known-at ${knownAt} is after the export was made (${createdAt}); it holds nothing the ledger learned since, so this answers as known at ${createdAt} — the API may know more\n`,
    );
  }
}

/** Reads (and by default verifies) an export, keeping the given people and the policies. */
export async function replayExport(
  args: Args,
  err: (text: string) => void,
  subjectIds: ReadonlySet<string>,
): Promise<{ replay: Replay; createdAt: string; scope?: ExportScope; report: VerificationReport }> {
  const replay = new Replay(catalogue, subjectIds);
  let createdAt = '';
  let scope: ExportScope | undefined;
  const report = await readForReplay(args, err, {
    progress: new Progress('reading'),
    onHeader: (header) => {
      createdAt = header.createdAt;
      scope = header.scope;
    },
    onEvent: (event) => replay.accept(event),
  });
  return { replay, createdAt, ...(scope ? { scope } : {}), report };
}

import Database from 'better-sqlite3';
import { evolveSubject, initialSubjectState, SubjectState } from '@ledger/consent-domain';
import { idOf, RecentCache, SUBJECT } from '@ledger/ledger-log';
import { inStreamsOf, LedgerEvent, Projection, recordedOf } from './projection';
import { ReadModelTables, statementCache } from './statements';

interface Folded {
  readonly state: SubjectState;
  readonly revision: number;
}

/** Events per cached person, on average, before the states cache turns a generation (see StateCache). */
export const STATE_EVENTS_PER_PERSON = 5;

/** What a cached state weighs: the person's events folded into it. */
export function stateWeight(folded: { readonly revision: number }): number {
  return folded.revision + 1;
}

/** The newest folded states the queries asked for, so a check rarely parses a row (bounded). */
export class StateCache {
  private readonly entries: RecentCache<string, Folded>;
  constructor(capacity: number) {
    // By weight too: a state grows with the person's events (about 0.7 KB of heap each, measured on
    // the benchmark's people), so a generation holds `capacity` people or STATE_EVENTS_PER_PERSON
    // times as many events, whichever comes first.
    this.entries = new RecentCache<string, Folded>(capacity, stateWeight, capacity * STATE_EVENTS_PER_PERSON);
  }

  get(subjectId: string): Folded | undefined {
    return this.entries.get(subjectId);
  }

  set(subjectId: string, folded: Folded): void {
    this.entries.set(subjectId, folded);
  }

  clear(): void {
    this.entries.clear();
  }

  /** How many states are held. */
  get held(): number {
    return this.entries.held;
  }

  delete(subjectId: string): void {
    this.entries.delete(subjectId);
  }

  /** Refreshes only what is cached: a person nobody asked about is not pulled in. */
  refresh(subjectId: string, folded: Folded): void {
    if (this.entries.has(subjectId)) this.entries.set(subjectId, folded);
  }
}

/**
 * Per person, the folded domain state: every fact with both of its times, so that any (T, T′)
 * question is answered from it by the domain's own validity rule. The person's timeline is their
 * stream, read from the log itself.
 */
export class SubjectsProjection extends ReadModelTables implements Projection {
  readonly name = 'subjects';
  // 5: a withdrawal keeps whether a loan was open when recorded, a refusal the scope asked (withdrawalsAsked):
  // states folded before lack both, so they are folded again from the log.
  readonly version = 5;
  /** States changed in the current batch, written once each at its end. */
  private touched = new Map<string, Folded>();
  /** The people the last committed batch changed. */
  private lastChanged: string[] = [];

  constructor(
    db: Database.Database,
    private readonly cache: StateCache,
    /**
     * Keep every state it folds in the cache, not only those queries asked for: where nobody queries
     * (the read models' own thread), so that a person's next batch folds on from memory instead of
     * parsing their whole state again (it grew with their history: docs/benchmarks.md).
     */
    private readonly keepFolded = false,
  ) {
    super(db);
  }

  setUp(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subject_state (
        subject_id TEXT PRIMARY KEY,
        state      TEXT    NOT NULL,
        revision   INTEGER NOT NULL
      );
    `);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS subject_state; DROP TABLE IF EXISTS subject_timeline;');
    this.cache.clear();
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, SUBJECT)) return;
    const subjectId = idOf(event.stream);
    const current = this.touched.get(subjectId) ?? this.cache.get(subjectId) ?? readState(this.sql, subjectId);
    // Idempotent by stream revision, as a second guard behind the transactional checkpoint.
    if (current && current.revision >= event.revision) return;
    this.touched.set(subjectId, {
      state: evolveSubject(current?.state ?? initialSubjectState(), recordedOf(event)),
      revision: event.revision,
    });
  }

  flush(): void {
    const upsert = this.sql<[string, string, number]>(
      `INSERT INTO subject_state (subject_id, state, revision) VALUES (?, ?, ?)
         ON CONFLICT (subject_id) DO UPDATE SET state = excluded.state, revision = excluded.revision`,
    );
    for (const [subjectId, folded] of this.touched) upsert.run(subjectId, stateText(folded.state), folded.revision);
  }

  discard(): void {
    this.touched = new Map();
  }

  committed(): void {
    for (const [subjectId, folded] of this.touched) {
      if (this.keepFolded) this.cache.set(subjectId, folded);
      else this.cache.refresh(subjectId, folded);
    }
    this.lastChanged = [...this.touched.keys()];
    this.touched = new Map();
  }

  changes(): readonly string[] {
    return this.lastChanged;
  }

  changedElsewhere(subjectIds: readonly string[]): void {
    for (const subjectId of subjectIds) this.cache.delete(subjectId);
  }

  changedUntold(): void {
    this.cache.clear();
  }
}

/**
 * A list this long has its elements' texts kept: a state is written whole after every batch that
 * touches the person, its lists grow with their history, and `evolveSubject` copies only the elements
 * an event changes, so the others are the same objects as in the state before and are not written to
 * JSON again (docs/benchmarks.md, one person with a long history).
 */
const LONG_LIST = 32;
const elementTexts = new WeakMap<object, string>();

/** `JSON.stringify(state)`, the same value, with long lists' unchanged elements not serialised again. */
function stateText(state: SubjectState): string {
  // Most people's lists are short: then the plain text, written in one call, is the same.
  let long = false;
  for (const key in state) {
    const value = (state as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) && value.length >= LONG_LIST) long = true;
  }
  if (!long) return JSON.stringify(state);
  const members: string[] = [];
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    const text =
      Array.isArray(value) && value.length >= LONG_LIST
        ? `[${value.map(elementText).join(',')}]`
        : JSON.stringify(value);
    members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

function elementText(element: object): string {
  let text = elementTexts.get(element);
  if (text === undefined) {
    text = JSON.stringify(element);
    elementTexts.set(element, text);
  }
  return text;
}

function readState(sql: ReturnType<typeof statementCache>, subjectId: string): Folded | undefined {
  const row = sql<[string], { state: string; revision: number }>(
    'SELECT state, revision FROM subject_state WHERE subject_id = ?',
  ).get(subjectId);
  return row ? { state: JSON.parse(row.state) as SubjectState, revision: row.revision } : undefined;
}

/** Reads of the subjects read model. */
export class SubjectsQueries extends ReadModelTables {
  readonly cache: StateCache;

  constructor(db: Database.Database, cacheSize = 50_000) {
    super(db);
    this.cache = new StateCache(cacheSize);
  }

  /** The person's folded state and the stream revision it reflects; undefined for a stranger. */
  state(subjectId: string): Folded | undefined {
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    const found = readState(this.sql, subjectId);
    if (found) this.cache.set(subjectId, found);
    return found;
  }

  /** Subject ids in a stable order, for sampling and sweeps. */
  /**
   * The next `limit` people after `afterSubjectId`, in order, and which of them the log records as
   * erased: read by SQLite from the stored text, so a pass over everyone parses no state in JavaScript
   * and leaves the cache of hot states as it was.
   */
  erasedAmong(afterSubjectId: string, limit: number): { readonly last?: string; readonly erased: string[] } {
    const rows = this.sql<[string, number], { subject_id: string; erased: number }>(
      `SELECT subject_id, json_extract(state, '$.erased') IS NOT NULL AS erased
         FROM subject_state WHERE subject_id > ? ORDER BY subject_id LIMIT ?`,
    ).all(afterSubjectId, limit);
    return { last: rows.at(-1)?.subject_id, erased: rows.filter((r) => r.erased === 1).map((r) => r.subject_id) };
  }

  subjectIds(afterSubjectId: string, limit: number): string[] {
    return this.sql<[string, number], { subject_id: string }>(
      'SELECT subject_id FROM subject_state WHERE subject_id > ? ORDER BY subject_id LIMIT ?',
    )
      .all(afterSubjectId, limit)
      .map((r) => r.subject_id);
  }
}

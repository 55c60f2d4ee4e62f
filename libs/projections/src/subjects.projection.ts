import Database from 'better-sqlite3';
import { evolveSubject, initialSubjectState, SubjectEvent, SubjectState } from '@ledger/consent-domain';
import { StoredEvent } from '@ledger/event-store';
import { categoryOf, idOf, metadataOf, SUBJECT, toRecorded } from '@ledger/ledger-log';
import { Projection } from './projection';
import { statementCache } from './statements';

export interface TimelineEntry {
  readonly subjectId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly position: string;
  readonly data: Record<string, unknown>;
  readonly actor: unknown;
  readonly commandId: string;
}

interface TimelineRow {
  subject_id: string;
  revision: number;
  event_id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  position: string;
  data: string;
  actor: string;
  command_id: string;
}

/**
 * Per person: the folded domain state (every fact with both of its times, so any (T, T′) question
 * is answered from it by the domain's own validity rule) and the timeline of events.
 */
export class SubjectsProjection implements Projection {
  readonly name = 'subjects';
  readonly version = 3;
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db);
  }

  setUp(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subject_state (
        subject_id TEXT PRIMARY KEY,
        state      TEXT    NOT NULL,
        revision   INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS subject_timeline (
        subject_id  TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        event_id    TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        occurred_at TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        position    TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        actor       TEXT    NOT NULL,
        command_id  TEXT    NOT NULL,
        PRIMARY KEY (subject_id, revision)
      );
    `);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS subject_state; DROP TABLE IF EXISTS subject_timeline;');
  }

  apply(event: StoredEvent): void {
    if (categoryOf(event.stream) !== SUBJECT) return;
    const subjectId = idOf(event.stream);
    const current = this.sql<[string], { state: string; revision: number }>(
      'SELECT state, revision FROM subject_state WHERE subject_id = ?',
    ).get(subjectId);
    // Idempotent by stream revision, as a second guard behind the transactional checkpoint.
    if (current && current.revision >= event.revision) return;
    const state = current ? (JSON.parse(current.state) as SubjectState) : initialSubjectState();
    const next = evolveSubject(state, toRecorded<SubjectEvent>(event));
    this.sql(
      `INSERT INTO subject_state (subject_id, state, revision) VALUES (?, ?, ?)
         ON CONFLICT (subject_id) DO UPDATE SET state = excluded.state, revision = excluded.revision`,
    ).run(subjectId, JSON.stringify(next), event.revision);
    const meta = metadataOf(event);
    this.sql(
      `INSERT INTO subject_timeline
           (subject_id, revision, event_id, type, occurred_at, recorded_at, position, data, actor, command_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      subjectId,
      event.revision,
      event.id,
      event.type,
      meta.occurredAt,
      meta.recordedAt,
      event.position,
      JSON.stringify(event.data),
      JSON.stringify(meta.actor),
      meta.commandId,
    );
  }
}

/** Reads of the subjects read model. */
export class SubjectsQueries {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Database.Database) {
    this.sql = statementCache(db);
  }

  state(subjectId: string): { state: SubjectState; revision: number } | undefined {
    const row = this.sql<[string], { state: string; revision: number }>(
      'SELECT state, revision FROM subject_state WHERE subject_id = ?',
    ).get(subjectId);
    return row ? { state: JSON.parse(row.state) as SubjectState, revision: row.revision } : undefined;
  }

  timeline(subjectId: string, options: { knownAt?: string; afterRevision?: number; limit: number }): TimelineEntry[] {
    return this.sql<[string, number, string, number], TimelineRow>(
      `SELECT * FROM subject_timeline
         WHERE subject_id = ? AND revision > ? AND recorded_at <= ?
         ORDER BY revision LIMIT ?`,
    )
      .all(subjectId, options.afterRevision ?? -1, options.knownAt ?? '9999', options.limit)
      .map(toEntry);
  }

  events(subjectId: string, eventIds: readonly string[]): TimelineEntry[] {
    if (eventIds.length === 0) return [];
    const placeholders = eventIds.map(() => '?').join(',');
    return this.sql<unknown[], TimelineRow>(
      `SELECT * FROM subject_timeline WHERE subject_id = ? AND event_id IN (${placeholders}) ORDER BY revision`,
    )
      .all(subjectId, ...eventIds)
      .map(toEntry);
  }

  count(): number {
    return this.sql<[], { n: number }>('SELECT COUNT(*) AS n FROM subject_state').get()!.n;
  }

  /** Subject ids in a stable order, for sampling and exports. */
  subjectIds(afterSubjectId: string, limit: number): string[] {
    return this.sql<[string, number], { subject_id: string }>(
      'SELECT subject_id FROM subject_state WHERE subject_id > ? ORDER BY subject_id LIMIT ?',
    )
      .all(afterSubjectId, limit)
      .map((r) => r.subject_id);
  }
}

function toEntry(row: TimelineRow): TimelineEntry {
  return {
    subjectId: row.subject_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    position: row.position,
    data: JSON.parse(row.data),
    actor: JSON.parse(row.actor),
    commandId: row.command_id,
  };
}

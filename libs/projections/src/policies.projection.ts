import Database from 'better-sqlite3';
import { PolicyBook, policyDecider, PolicyState } from '@ledger/consent-domain';
import { idOf, POLICY } from '@ledger/ledger-log';
import { inStreamsOf, LedgerEvent, Projection, recordedOf } from './projection';
import { ReadModelTables } from './statements';

/** Each policy's versions, folded by the domain's own decider. */
export class PoliciesProjection extends ReadModelTables implements Projection {
  readonly name = 'policies';
  readonly version = 1;

  private touched = false;
  private lastChanged: string[] = [];

  constructor(
    db: Database.Database,
    private readonly queries?: PoliciesQueries,
  ) {
    super(db);
  }

  discard(): void {
    this.touched = false;
  }

  committed(): void {
    if (this.touched) this.queries?.changed();
    this.lastChanged = this.touched ? ['policies'] : [];
    this.touched = false;
  }

  changes(): readonly string[] {
    return this.lastChanged;
  }

  changedElsewhere(changes: readonly string[]): void {
    if (changes.length > 0) this.queries?.changed();
  }

  changedUntold(): void {
    this.queries?.changed();
  }

  setUp(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS policies (
      policy_id TEXT PRIMARY KEY,
      state     TEXT NOT NULL,
      revision  INTEGER NOT NULL
    )`);
  }

  tearDown(): void {
    this.db.exec('DROP TABLE IF EXISTS policies;');
    this.queries?.changed();
  }

  apply(event: LedgerEvent): void {
    if (!inStreamsOf(event, POLICY)) return;
    this.touched = true;
    const policyId = idOf(event.stream);
    const row = this.sql<[string], { state: string; revision: number }>(
      'SELECT state, revision FROM policies WHERE policy_id = ?',
    ).get(policyId);
    if (row && row.revision >= event.revision) return;
    const state = row ? (JSON.parse(row.state) as PolicyState) : policyDecider.initialState();
    const next = policyDecider.evolve(state, recordedOf(event));
    this.sql(
      `INSERT INTO policies (policy_id, state, revision) VALUES (?, ?, ?)
       ON CONFLICT (policy_id) DO UPDATE SET state = excluded.state, revision = excluded.revision`,
    ).run(policyId, JSON.stringify(next), event.revision);
  }
}

export class PoliciesQueries extends ReadModelTables {
  /** The book as last read; dropped whenever a batch that touched a policy is committed. */
  private cached?: PolicyBook;

  /** Every policy with its versions as the ledger has them now; `knownAt` filtering is the domain's job. */
  book(): PolicyBook {
    if (this.cached) return this.cached;
    const rows = this.sql<[], { policy_id: string; state: string }>('SELECT policy_id, state FROM policies').all();
    this.cached = Object.fromEntries(rows.map((r) => [r.policy_id, JSON.parse(r.state) as PolicyState]));
    return this.cached;
  }

  changed(): void {
    this.cached = undefined;
  }
}

import { EventStore, SqliteEventStore } from '@ledger/event-store';
import { DisclosuresProjection, DisclosuresQueries } from './disclosures.projection';
import { LogChainProjection, LogChainQueries } from './log-chain.projection';
import { WithdrawalsProjection, WithdrawalsQueries } from './withdrawals.projection';
import { AccessProjection, AccessQueries } from './access.projection';
import { PoliciesProjection, PoliciesQueries } from './policies.projection';
import { ProjectionRunner, ReadModelFeed, RunnerOptions } from './projection-runner';
import { ProjectionThreadOptions, ThreadedProjectionRunner } from './threaded-runner';
import { ReadModelDb } from './read-model-db';
import { SubjectsProjection, SubjectsQueries } from './subjects.projection';
import { WebhookSubscribersProjection, WebhookSubscribersQueries } from './webhook-subscribers.projection';

/**
 * The people whose folded states a read side that only feeds keeps between batches (the most recent;
 * by weight too, see StateCache): a person written again soon folds on from memory.
 */
export const FOLDED_STATES_KEPT = 5_000;

/** The ledger's read models, their runner and their queries, over one local database. */
export class ReadSide {
  readonly db: ReadModelDb;
  readonly runner: ReadModelFeed;
  readonly subjects: SubjectsQueries;
  readonly disclosures: DisclosuresQueries;
  readonly policies: PoliciesQueries;
  readonly logChain: LogChainQueries;
  readonly withdrawals: WithdrawalsQueries;
  readonly access: AccessQueries;
  readonly webhookSubscribers: WebhookSubscribersQueries;

  /**
   * `thread`: feed the read models on a thread of their own (the embedded store's file, compiled
   * code); on this one otherwise.
   */
  constructor(
    store: EventStore,
    file: string,
    options: RunnerOptions & {
      thread?: ProjectionThreadOptions;
      /** Only feeds, nobody queries it (the read models' thread): it keeps the states it folds (FOLDED_STATES_KEPT). */
      feedOnly?: boolean;
    } = {},
  ) {
    this.db = new ReadModelDb(file);
    const { thread, feedOnly, ...runnerOptions } = options;
    const subjects = new SubjectsQueries(this.db.db, feedOnly ? FOLDED_STATES_KEPT : undefined);
    const policies = new PoliciesQueries(this.db.db);
    const projections = [
      new SubjectsProjection(this.db.db, subjects.cache, feedOnly === true),
      new DisclosuresProjection(this.db.db),
      new PoliciesProjection(this.db.db, policies),
      new LogChainProjection(this.db.db, (a, b) => store.comparePositions(a, b)),
      new WithdrawalsProjection(this.db.db),
      new AccessProjection(this.db.db),
      new WebhookSubscribersProjection(this.db.db),
    ];
    const runner = new ProjectionRunner(store, this.db, projections, runnerOptions);
    if (thread && !(store instanceof SqliteEventStore)) {
      throw new Error('the read models run on a thread of their own only over the embedded store');
    }
    this.runner = thread
      ? new ThreadedProjectionRunner(
          runner,
          store as SqliteEventStore,
          this.db,
          projections,
          file,
          thread,
          runnerOptions,
        )
      : runner;
    this.subjects = subjects;
    this.disclosures = new DisclosuresQueries(this.db.db);
    this.policies = policies;
    this.logChain = new LogChainQueries(this.db.db);
    this.withdrawals = new WithdrawalsQueries(this.db.db);
    this.access = new AccessQueries(this.db.db);
    this.webhookSubscribers = new WebhookSubscribersQueries(this.db.db);
  }

  async close(): Promise<void> {
    await this.runner.stop();
    this.db.close();
  }
}

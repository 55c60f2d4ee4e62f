import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DeliveryAttempt, DeliveryLog, SubscriberProgress, WebhookSubscriber } from '@ledger/projections';
import { ProblemException } from '../http/problems';
import { ReadModels } from '../ledger/read-models';
import { ChangeFeed, ChangesPage } from './change-feed';
import { DELIVERY_LOG, WebhookDispatcher } from './webhook-dispatcher';
import type { AttemptsQueryDto } from './webhooks.controller';

/** A subscriber without its sealed secret, with where it stands (SubscriberDto). */
export type SubscriberAnswer = Omit<WebhookSubscriber, 'secret' | 'replay'> & {
  readonly replayFrom?: string | null;
  readonly status: SubscriberProgress['status'] | 'removed' | 'secret-unavailable';
  readonly delivered: string | undefined;
  readonly failures: number;
  readonly nextAttemptAt?: string;
};

/** A page of delivery attempts, oldest first (AttemptsDto). */
export interface AttemptsPage {
  readonly attempts: DeliveryAttempt[];
  readonly next?: number;
}

export class ReadChangesQuery extends Query<ChangesPage> {
  constructor(
    readonly after: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListSubscribersQuery extends Query<{ readonly subscribers: SubscriberAnswer[] }> {}

export class ListAttemptsQuery extends Query<AttemptsPage> {
  constructor(readonly params: AttemptsQueryDto) {
    super();
  }
}

@QueryHandler(ReadChangesQuery)
export class ReadChangesHandler implements IQueryHandler<ReadChangesQuery> {
  constructor(private readonly feed: ChangeFeed) {}

  execute({ after, limit }: ReadChangesQuery): Promise<ChangesPage> {
    return this.feed.read(this.feed.position(after), limit);
  }
}

@QueryHandler(ListSubscribersQuery)
export class ListSubscribersHandler implements IQueryHandler<ListSubscribersQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(DELIVERY_LOG) private readonly deliveries: DeliveryLog,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async execute(): Promise<{ readonly subscribers: SubscriberAnswer[] }> {
    const listed = this.readModels.side.webhookSubscribers.list();
    const progresses = await Promise.all(listed.map((s) => this.deliveries.progress(s.subscriberId)));
    const signing = await Promise.all(listed.map((s) => s.removedAt !== undefined || this.dispatcher.canSign(s)));
    return {
      subscribers: listed.map(({ secret: _sealed, replay, ...s }, i) => {
        const progress = progresses[i];
        return {
          ...s,
          ...(replay ? { replayFrom: replay.from ?? null } : {}),
          status: s.removedAt ? 'removed' : !signing[i] ? 'secret-unavailable' : (progress?.status ?? 'active'),
          delivered: progress?.cursor ?? s.configuredPosition,
          failures: progress?.failures ?? 0,
          // A removed subscriber is tried no more: a time for its next try would say otherwise.
          ...(progress?.nextAttemptAt && !s.removedAt ? { nextAttemptAt: progress.nextAttemptAt } : {}),
        };
      }),
    };
  }
}

@QueryHandler(ListAttemptsQuery)
export class ListAttemptsHandler implements IQueryHandler<ListAttemptsQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(DELIVERY_LOG) private readonly deliveries: DeliveryLog,
  ) {}

  async execute({ params }: ListAttemptsQuery): Promise<AttemptsPage> {
    // The filters are kept among the look's parameters for good: a subscriber the ledger never had
    // is no filter, only 32 hex digits of the caller's (twelve of them could be an IIN).
    const subscribers = this.readModels.side.webhookSubscribers.list();
    if (params.subscriberId && !subscribers.some((s) => s.subscriberId === params.subscriberId)) {
      throw new ProblemException('unknown-webhook-subscriber');
    }
    const limit = params.limit ?? 200;
    const attempts = await this.deliveries.attempts({
      ...(params.subscriberId ? { subscriberId: params.subscriberId } : {}),
      ...(params.notificationId ? { notificationId: params.notificationId } : {}),
      ...(params.outcome ? { outcome: params.outcome } : {}),
      ...(params.after !== undefined ? { afterId: params.after } : {}),
      // One more than asked tells whether a next page exists, as the other paged answers do.
      limit: limit + 1,
    });
    const page = attempts.slice(0, limit);
    return {
      attempts: page,
      ...(attempts.length > limit ? { next: page[page.length - 1].attemptId } : {}),
    };
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Webhook } from 'standardwebhooks';
import { webhookStream } from '@ledger/ledger-log';
import { WebhookSubscriber } from '@ledger/projections';
import { isSealed, KeyStore, unseal } from '@ledger/personal-data';
import { LedgerConfig } from '../config/ledger-config';
import { every, stop } from '../infrastructure/intervals';
import { Leadership } from '../infrastructure/leadership';
import { WEBHOOK_DELIVERER } from '../infrastructure/shared-components';
import { ReadModels } from '../ledger/read-models';
import { KEY_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { ChangeFeed } from './change-feed';
import { DeliveryLog, SubscriberProgress } from '@ledger/projections';
import { Notification } from './notifications';

export const DELIVERY_LOG = Symbol('DeliveryLog');

/** The key that seals a subscriber's secret: its own, so removing it can destroy the secret. */
export const subscriberKeyOwner = (subscriberId: string) => `webhook.${subscriberId}`;

const PAGE = 100;

/**
 * Sends each subscriber the notifications of the log after its position, one at a time in log order
 * (so in order per person), signed per Standard Webhooks. The position moves only once the receiver
 * has answered 2xx, in the same transaction as the attempt's record: after a crash or a restart the
 * last notification may be sent again, with the same webhook-id. A failure waits an exponentially
 * growing, jittered delay and blocks what follows; after `failingAfter` failures in a row the
 * subscriber is marked failing and keeps being retried, the delay growing to the longest. Nothing is dropped.
 * Only the instance that is the webhook deliverer delivers (with several, the one holding the
 * PostgreSQL lock): when it stops being so, what it has on its way is cut off, unrecorded, and the
 * next deliverer sends it again from the shared delivery log.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly serving = new Map<string, Promise<void>>();
  private readonly aborts = new AbortController();
  /** Cut when this instance stops being the deliverer. */
  private term = new AbortController();
  private stopped = false;
  /** Subscribers already logged as unable to sign: said once, not every poll. */
  private readonly unsigned = new Set<string>();

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly feed: ChangeFeed,
    private readonly readModels: ReadModels,
    @Inject(DELIVERY_LOG) private readonly deliveries: DeliveryLog,
    @Inject(WEBHOOK_DELIVERER) private readonly deliverer: Leadership,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.webhooks.enabled) return;
    every(this.scheduler, 'webhook deliveries', this.config.webhooks.pollMs, async () => this.startAll());
    this.deliverer.start((leading) => {
      if (leading) this.term = new AbortController();
      else this.term.abort();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    stop(this.scheduler, 'webhook deliveries');
    // An answer cut off here is not recorded: its notification is sent again after the restart.
    this.aborts.abort();
    await Promise.allSettled([...this.serving.values()]);
    await this.deliverer.close();
    await this.deliveries.close();
  }

  /** Each subscriber runs on its own: a slow or failing one holds back no other. */
  private startAll(): void {
    if (this.stopped || !this.deliverer.leading) return;
    for (const subscriber of this.readModels.side.webhookSubscribers.list()) {
      if (subscriber.removedAt || this.serving.has(subscriber.subscriberId)) continue;
      const run = this.serve(subscriber)
        .catch((error) => this.logger.error(`delivery to subscriber ${subscriber.subscriberId} stopped: ${error}`))
        .finally(() => this.serving.delete(subscriber.subscriberId));
      this.serving.set(subscriber.subscriberId, run);
    }
  }

  private async serve(subscriber: WebhookSubscriber): Promise<void> {
    const term = this.term.signal;
    let progress: SubscriberProgress = (await this.deliveries.progress(subscriber.subscriberId)) ?? {
      subscriberId: subscriber.subscriberId,
      cursor: subscriber.configuredPosition,
      failures: 0,
      status: 'active',
    };
    if (subscriber.replay && subscriber.replay.eventId !== progress.replayApplied) {
      // A replay starts again after the position asked for, and gives a failing subscriber a fresh try.
      progress = {
        subscriberId: subscriber.subscriberId,
        ...(subscriber.replay.from ? { cursor: subscriber.replay.from } : {}),
        failures: 0,
        status: 'active',
        replayApplied: subscriber.replay.eventId,
      };
      await this.deliveries.save(progress);
    }
    if (progress.nextAttemptAt && Date.parse(progress.nextAttemptAt) > Date.now()) return;
    const secret = await this.secretOf(subscriber);
    if (!secret) {
      // Nothing can be signed, so nothing is sent; the notifications wait in the log, and the
      // subscribers' list says why (a key store restored from before the subscriber, or not shared).
      if (!this.unsigned.has(subscriber.subscriberId)) {
        this.unsigned.add(subscriber.subscriberId);
        this.logger.error(`subscriber ${subscriber.subscriberId}: its secret's key is not in the key store; deliveries wait`);
      }
      return;
    }
    this.unsigned.delete(subscriber.subscriberId);
    while (!this.stopped && !term.aborted) {
      const page = await this.feed.read(progress.cursor as never, PAGE);
      for (const notification of page.changes) {
        if (!subscriber.eventTypes.includes(notification.type)) continue;
        if (term.aborted || this.removedSince(subscriber)) return;
        const next = await this.deliver(subscriber, secret, notification, progress, term);
        if (!next) return;
        progress = next;
        if (progress.status !== 'active') return;
      }
      if (page.next && page.next !== progress.cursor) {
        if (term.aborted) return;
        progress = { ...progress, cursor: page.next };
        await this.deliveries.save(progress);
      }
      if (page.caughtUp) return;
    }
  }

  /** One attempt; the progress it leads to, or undefined when the ledger stops or is no longer the deliverer. */
  private async deliver(
    subscriber: WebhookSubscriber,
    secret: Webhook,
    notification: Notification,
    progress: SubscriberProgress,
    term: AbortSignal,
  ): Promise<SubscriberProgress | undefined> {
    const body = JSON.stringify({ type: notification.type, timestamp: notification.timestamp, data: notification.data });
    const sentAt = new Date();
    const started = performance.now();
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(subscriber.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': notification.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': secret.sign(notification.id, sentAt, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.aborts.signal, term, AbortSignal.timeout(this.config.webhooks.timeoutMs)]),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
    } catch (cause) {
      if (this.aborts.signal.aborted || term.aborted) return undefined;
      const e = cause as { name?: string; message?: string; cause?: { code?: string } };
      error = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.message ?? String(cause));
    }
    const attempt = {
      subscriberId: subscriber.subscriberId,
      notificationId: notification.id,
      notificationType: notification.type,
      position: notification.position,
      ...(typeof notification.data.subjectId === 'string' ? { subjectId: notification.data.subjectId } : {}),
      attempt: (await this.deliveries.attemptsOf(subscriber.subscriberId, notification.id)) + 1,
      at: sentAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...(statusCode !== undefined ? { statusCode } : {}),
    };
    if (error === undefined) {
      const next: SubscriberProgress = {
        subscriberId: subscriber.subscriberId,
        cursor: notification.position,
        failures: 0,
        status: 'active',
        ...(progress.replayApplied ? { replayApplied: progress.replayApplied } : {}),
      };
      await this.deliveries.record({ ...attempt, outcome: 'delivered' }, next);
      return next;
    }
    const failures = progress.failures + 1;
    const retryAt = new Date(Date.now() + this.delayAfter(failures)).toISOString();
    const status = failures >= this.config.webhooks.failingAfter ? 'failing' : 'retrying';
    if (status === 'failing' && progress.status !== 'failing') {
      this.logger.warn(`webhook subscriber ${subscriber.subscriberId} is failing after ${failures} attempts`);
    }
    const next: SubscriberProgress = { ...progress, failures, status, nextAttemptAt: retryAt };
    await this.deliveries.record({ ...attempt, outcome: 'failed', error, retryAt }, next);
    return next;
  }

  /** Exponential backoff with equal jitter: half the delay fixed, half random, never past the maximum. */
  private delayAfter(failures: number): number {
    const { retryBaseMs, retryMaxMs } = this.config.webhooks;
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(delay / 2 + Math.random() * (delay / 2));
  }

  /**
   * Removed while its run goes on: a backlog would otherwise keep going to the URL compliance-admin
   * took away (perhaps because it was no longer the lending core's) until the run caught up.
   */
  private removedSince(subscriber: WebhookSubscriber): boolean {
    return this.readModels.side.webhookSubscribers.get(subscriber.subscriberId)?.removedAt !== undefined;
  }

  /** Whether the subscriber's secret can be unsealed: without its key, nothing can be signed for it. */
  async canSign(subscriber: WebhookSubscriber): Promise<boolean> {
    return (await this.secretOf(subscriber)) !== undefined;
  }

  private async secretOf(subscriber: WebhookSubscriber): Promise<Webhook | undefined> {
    const key = await this.keys.find(subscriberKeyOwner(subscriber.subscriberId));
    if (!key || key === 'destroyed' || !isSealed(subscriber.secret)) return undefined;
    return new Webhook(unseal<string>(subscriber.secret, key, webhookStream(subscriber.subscriberId)));
  }
}

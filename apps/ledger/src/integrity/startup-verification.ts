import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore, Position, readStreamTail, StoredEvent } from '@ledger/event-store';
import {
  Checkpoint,
  CHECKPOINT_STREAM,
  eventHash,
  GENESIS_HASH,
  IntegrityFailure,
  metadataOf,
  nextLogHash,
  validAt,
  verifyPayload,
} from '@ledger/ledger-log';
import { LedgerConfig } from '../config/ledger-config';
import { IntegrityMonitor } from '../ledger/integrity-monitor';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';

export type StartupCheck =
  | { readonly status: 'verifying' }
  | { readonly status: 'verified'; readonly events: number; readonly checkpoint?: number; readonly ms: number }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

const PAGE = 1000;

/**
 * At start-up the log's tail is held to the newest signed checkpoint: the checkpoint's signature,
 * under a key of the ledger's keyring valid when it was written, and the log hash over the stretch
 * since the checkpoint before it (or since the first event), recomputed from the events as stored.
 * Until this has passed the ledger is not ready; when they disagree it never becomes ready. The
 * stretch is bounded (LEDGER_STARTUP_VERIFY_MAX_EVENTS): beyond it the check is skipped and says so.
 */
@Injectable()
export class StartupVerification implements OnApplicationBootstrap {
  private readonly logger = new Logger('StartupVerification');
  private check: StartupCheck = { status: 'verifying' };
  private running?: Promise<StartupCheck>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly integrity: IntegrityMonitor,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
  }

  get result(): StartupCheck {
    return this.check;
  }

  /** Runs the check once; later calls wait for the same run. */
  run(): Promise<StartupCheck> {
    this.running ??= this.verify()
      .catch((error: unknown): StartupCheck => {
        if (error instanceof IntegrityFailure) this.integrity.failed(error);
        return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      })
      .then((check) => {
        this.check = check;
        const message = `start-up verification ${check.status}${'reason' in check ? `: ${check.reason}` : ''}`;
        if (check.status === 'failed') this.logger.error(message);
        else if (check.status === 'skipped') this.logger.warn(message);
        else if (check.status === 'verified') this.logger.log(`${message} (${check.events} events)`);
        return check;
      });
    return this.running;
  }

  private async verify(): Promise<StartupCheck> {
    const started = Date.now();
    // The newest checkpoint and the one before it: never the whole stream, which grows a checkpoint a minute.
    const checkpoints = await readStreamTail(this.store, CHECKPOINT_STREAM, 2);
    const newest = checkpoints[checkpoints.length - 1];
    if (!newest) return { status: 'verified', events: 0, ms: Date.now() - started };
    const signed = this.signed(newest);
    // Start where the checkpoint before it ended, when it says where that was; else from the first event.
    const previous = checkpoints.length > 1 ? this.signed(checkpoints[checkpoints.length - 2]) : undefined;
    const from = previous?.lastPosition
      ? { after: previous.lastPosition as Position, events: previous.eventsCovered, logHash: previous.logHash }
      : { after: undefined, events: 0, logHash: GENESIS_HASH };
    const toCheck = signed.eventsCovered - from.events;
    if (toCheck > this.config.startupVerifyMaxEvents) {
      return {
        status: 'skipped',
        reason: `${toCheck} events since the previous checkpoint, over LEDGER_STARTUP_VERIFY_MAX_EVENTS (${this.config.startupVerifyMaxEvents})`,
      };
    }
    let { events: count, logHash } = from;
    let after = from.after;
    let last: StoredEvent | undefined;
    while (count < signed.eventsCovered) {
      const page = await this.store.readAll({ after, maxCount: Math.min(PAGE, signed.eventsCovered - count) });
      if (page.length === 0) break;
      for (const event of page) {
        const hash = eventHash(event);
        if (event.metadata.hash !== hash) throw new IntegrityFailure(event.stream, event.revision, 'content-changed');
        logHash = nextLogHash(logHash, hash);
        count += 1;
        last = event;
      }
      after = page[page.length - 1].position;
    }
    if (count !== signed.eventsCovered || last?.id !== signed.lastEventId || logHash !== signed.logHash) {
      throw new IntegrityFailure(CHECKPOINT_STREAM, newest.revision, 'chain-broken');
    }
    return { status: 'verified', events: toCheck, checkpoint: newest.revision, ms: Date.now() - started };
  }

  /** The checkpoint's body, once its signature is checked under a keyring key valid when it was written. */
  private signed(event: StoredEvent): Checkpoint {
    const checkpoint = event.data as unknown as Checkpoint;
    const { signature, ...body } = checkpoint;
    const at = metadataOf(event).recordedAt;
    const key = this.config.signingKeyring.find((k) => k.keyId === checkpoint.keyId && validAt(k, at));
    if (!key || !verifyPayload(key.publicKeyPem, body, signature)) {
      throw new IntegrityFailure(CHECKPOINT_STREAM, event.revision, 'content-changed');
    }
    return checkpoint;
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Checkpoint, CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM, CheckpointBody, signPayload } from '@ledger/ledger-log';
import { ReadSide } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';
import { every, stop } from '../infrastructure/intervals';
import { Clock, CLOCK } from '../ledger/clock';
import { CommandExecutor, StreamModel } from '../ledger/command-executor';
import { READ_SIDE } from '../ledger/read-models';
import { LEDGER_CONFIG } from '../ledger/tokens';

/**
 * Writes a signed checkpoint over the head of the whole log — at an interval when the log has grown,
 * and on demand — so that a log cut short, or reordered across streams, fails verification.
 * Two instances computing the same checkpoint write it once: its idempotency key is its content.
 */
interface Signed {
  readonly checkpoint: Checkpoint;
  readonly eventId: string;
  readonly position?: string;
}

/** The checkpoint stream folds into its newest checkpoint. */
const NEWEST_CHECKPOINT: StreamModel<Signed | undefined> = {
  initial: () => undefined,
  evolve: (_, event) => ({
    checkpoint: event.data as unknown as Checkpoint,
    eventId: event.id,
    position: event.position,
  }),
};

@Injectable()
export class CheckpointWriter implements OnModuleInit, OnApplicationShutdown {
  private lastCovered = 0;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly executor: CommandExecutor,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (this.config.checkpointIntervalMs > 0 && this.config.projections) {
      every(this.scheduler, 'checkpoint', this.config.checkpointIntervalMs, () => this.writeIfGrown());
    }
  }

  onApplicationShutdown(): void {
    stop(this.scheduler, 'checkpoint');
  }

  /**
   * Signs the log as the read models have folded it so far (call after they have caught up). The
   * checkpoint stream is written at the revision read, so of several instances signing the same head
   * one lands; the others read it back, find the head covered, and sign nothing.
   */
  async write(): Promise<{ checkpoint: Checkpoint; eventId: string; position?: string; written: boolean } | undefined> {
    const head = this.readSide.logChain.head();
    if (head.events === 0 || !head.lastEventId) return undefined;
    let checkpoint: Checkpoint | undefined;
    let covering: Signed | undefined;
    const now = this.clock.now();
    const result = await this.executor.execute({
      meta: {
        // Each attempt its own event id: a second writer's append then conflicts on the expected revision
        // (instead of passing as a retry of the first) and re-reads, finds the head signed, and writes nothing.
        commandId: `checkpoint-${head.events}-${randomUUID()}`,
        correlationId: `checkpoint-${head.events}`,
        actor: { kind: 'system', id: 'checkpoint-writer' },
      },
      commandType: 'WriteCheckpoint',
      stream: CHECKPOINT_STREAM,
      target: CHECKPOINT_STREAM,
      request: { events: head.events, logHash: head.logHash },
      occurredAt: now,
      model: NEWEST_CHECKPOINT,
      // The stream itself settles a concurrent duplicate; a claim would also add an event of its own
      // that the next interval would take for growth.
      idempotent: false,
      decide: (newest) => {
        checkpoint = undefined;
        if (newest && newest.checkpoint.eventsCovered >= head.events) {
          covering = newest;
          return [];
        }
        const body: CheckpointBody = {
          eventsCovered: head.events,
          lastEventId: head.lastEventId!,
          ...(head.lastPosition ? { lastPosition: head.lastPosition } : {}),
          logHash: head.logHash,
          keyId: this.config.signingKey.keyId,
          algorithm: 'Ed25519',
        };
        checkpoint = { ...body, signature: signPayload(this.config.signingKey, body) };
        return [{ type: CHECKPOINT_EVENT_TYPE, data: checkpoint }];
      },
    });
    this.lastCovered = head.events;
    if (checkpoint) return { checkpoint, eventId: result.events[0].id, position: result.position, written: true };
    // Another writer signed this head (or a later one) first: that checkpoint stands for it.
    return covering && { ...covering, written: false };
  }

  private async writeIfGrown(): Promise<void> {
    const status = await this.readSide.runner.status();
    // The writer's own last checkpoint is the one event after what it covered: that is not growth.
    if (!status.caughtUp || this.readSide.logChain.head().events <= this.lastCovered + 1) return;
    await this.write();
  }
}

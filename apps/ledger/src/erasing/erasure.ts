import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  Post,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { CatalogueIndex, ERASURE_REASONS, ErasureReason, erasureDueAt, SubjectState } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { KeyStore } from '@ledger/personal-data';
import { ReadSide } from '@ledger/projections';
import { Allow } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { every, stop } from '../infrastructure/intervals';
import { Clock, CLOCK } from '../ledger/clock';
import { CommandMeta } from '../ledger/command-executor';
import { READ_SIDE } from '../ledger/read-models';
import { SubjectLedger, SubjectRef } from '../ledger/subject-ledger';
import { CATALOGUE, EVENT_STORE, KEY_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { CommandContext } from '../http/command-meta';
import { commandResponse, CommandResponseDto } from '../http/command-response';
import { ProblemException } from '../http/problems';
import { CommandIdField, PersonRefDto } from '../http/shared-dtos';
import { IsInstant, OptionalField } from '../http/validation';
import { ErasureResponseDto, ErasureSweepDto } from './erasing.answers';
import { RecordingRoute } from '../http/routes';

export class EraseSubjectDto extends PersonRefDto {
  @CommandIdField()
  commandId?: string;

  @ApiProperty({
    enum: ERASURE_REASONS,
    description:
      'court-decision and unlawful-collection erase at once (Law 94-V Art. 18); the others only once retention is over.',
  })
  @IsIn(ERASURE_REASONS)
  reason!: ErasureReason;

  @ApiPropertyOptional({
    description: 'The court decision or finding; required for court-decision and unlawful-collection.',
  })
  @OptionalField()
  @IsString()
  @Length(1, 500)
  legalReference?: string;

  @ApiProperty()
  @IsInstant()
  occurredAt!: string;
}

type Answer = CommandResponseDto & { keyDestroyed: boolean };

export class EraseSubjectCommand extends Command<Answer> {
  constructor(
    readonly subject: SubjectRef,
    readonly reason: ErasureReason,
    readonly legalReference: string | undefined,
    readonly occurredAt: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

/**
 * Crypto-shredding: the erasure is recorded first, then the person's key and IIN link destroyed
 * together. A crash in between leaves an erased person with a key and a link, which the next sweep
 * destroys (and anything naming the IIN finishes first: a command, or SubjectLedger.lookup).
 */
@CommandHandler(EraseSubjectCommand)
export class EraseSubjectHandler implements ICommandHandler<EraseSubjectCommand> {
  constructor(
    private readonly subjects: SubjectLedger,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  async execute({ subject, reason, legalReference, occurredAt, meta }: EraseSubjectCommand): Promise<Answer> {
    const result = await this.subjects.execute(
      subject,
      { type: 'EraseSubject', data: { reason, ...(legalReference ? { legalReference } : {}), occurredAt } },
      meta,
    );
    try {
      await this.keys.destroy(result.subjectId, occurredAt);
    } catch (error) {
      // The erasure is recorded: until its key and link are gone the IIN still leads to the erased
      // history (resolve hands out the pseudonym), so the destruction is not left to a retry that may
      // never come or to the next sweep — it is tried again until the key store takes it.
      finishLater(this.keys, result.subjectId, occurredAt);
      throw error;
    }
    return { ...commandResponse(result), keyDestroyed: true };
  }
}

const FINISH_RETRY_MS = 1000;
/** How long the start's pass over erasures waits at a time for the read models to reach the log's head. */
const CATCH_UP_WAIT_MS = 1000;
const FINISH_ATTEMPTS = 3600;

/** Destroys a recorded erasure's key and link once the key store answers (an hour of tries, then the sweep). */
function finishLater(keys: KeyStore, subjectId: string, at: string, attempt = 1): void {
  if (attempt > FINISH_ATTEMPTS) return;
  setTimeout(() => {
    keys.destroy(subjectId, at).catch(() => finishLater(keys, subjectId, at, attempt + 1));
  }, FINISH_RETRY_MS).unref();
}

/** Erases everyone whose retention is over, and finishes erasures a crash left half done. */
@Injectable()
export class RetentionSweeper implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('retention sweep');
  private stopping = false;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly commands: CommandBus,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CATALOGUE) private readonly catalogue: CatalogueIndex,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    if (this.config.retentionSweepIntervalMs > 0 && this.config.projections) {
      every(this.scheduler, 'retention sweep', this.config.retentionSweepIntervalMs, () => this.sweep());
    }
  }

  /**
   * A process that died between an erasure and its key's destruction left the key alive: every read
   * by pseudonym would open the erased person's identifiers (and the IIN resolve to them) until the
   * next sweep, a day later. Finished as the ledger starts, in the background.
   */
  onApplicationBootstrap(): void {
    if (!this.config.projections) return;
    this.finishCutShort().catch((error: unknown) =>
      this.logger.warn(`finishing erasures cut short failed: ${String(error)}`),
    );
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    stop(this.scheduler, 'retention sweep');
  }

  /** Destroys the keys of people the log records as erased whose keys outlived a crash; answers whose. */
  async finishCutShort(): Promise<string[]> {
    // Every erasure the log holds, not only the read models' first page.
    const head = await this.store.headPosition();
    while (head !== undefined && !(await this.readSide.runner.waitFor(head, CATCH_UP_WAIT_MS))) {
      if (this.stopping) return [];
    }
    const keysDestroyed: string[] = [];
    // A page of people at a time, and the main thread given back between pages: on a ledger of a
    // million people this runs at every start, beside the requests it must not hold up.
    for (let after = ''; !this.stopping; await nextTurn()) {
      const { last, erased } = this.readSide.subjects.erasedAmong(after, 2000);
      if (last === undefined) break;
      for (const subjectId of erased) {
        if (await this.finishErasure(subjectId, this.readSide.subjects.state(subjectId)?.state)) {
          keysDestroyed.push(subjectId);
        }
      }
      after = last;
    }
    return keysDestroyed;
  }

  /** Erased, yet with a key: destroyed now. */
  private async finishErasure(subjectId: string, state: SubjectState | undefined): Promise<boolean> {
    if (!state?.erased) return false;
    const key = await this.keys.find(subjectId);
    if (!key || key === 'destroyed') return false;
    await this.keys.destroy(subjectId, state.erased.occurredAt);
    return true;
  }

  async sweep(): Promise<{ erased: string[]; keysDestroyed: string[] }> {
    const erased: string[] = [];
    const keysDestroyed: string[] = [];
    const now = this.clock.now();
    for (let after = ''; ;) {
      const ids = this.readSide.subjects.subjectIds(after, 500);
      if (ids.length === 0) break;
      for (const subjectId of ids) {
        const state = this.readSide.subjects.state(subjectId)?.state;
        if (!state) continue;
        if (state.erased) {
          if (await this.finishErasure(subjectId, state)) keysDestroyed.push(subjectId);
          continue;
        }
        const due = erasureDueAt(state, this.config.retention, this.catalogue, now);
        if (!due || due > now) continue;
        await this.commands.execute(
          new EraseSubjectCommand({ subjectId }, 'retention-expired', undefined, now, {
            commandId: `retention-erasure-${subjectId}`,
            correlationId: `retention-sweep-${now}`,
            actor: { kind: 'system', id: 'retention-sweeper' },
          }),
        );
        erased.push(subjectId);
      }
      after = ids[ids.length - 1];
    }
    return { erased, keysDestroyed };
  }
}

@ApiTags('commands')
@Controller('v1/erasures')
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sweeper: RetentionSweeper,
  ) {}

  @RecordingRoute({
    by: 'compliance-admin',
    operation: {
      summary: 'Erase a person by destroying their data key (crypto-shredding)',
      description:
        'The events stay and their hash chains still verify; their identifiers can never be decrypted again, and nothing more is recorded about the person.',
    },
    created: { type: ErasureResponseDto },
    problems: [400, 404, 409, 422],
  })
  async erase(@Body() dto: EraseSubjectDto, @CommandContext() meta: CommandMeta) {
    if ((dto.iin === undefined) === (dto.subjectId === undefined)) {
      throw new ProblemException('invalid-request', 'name the person by exactly one of iin and subjectId', {}, [
        { field: 'iin', code: 'exactly-one', message: 'give iin or subjectId, not both and not neither' },
      ]);
    }
    const subject: SubjectRef = dto.subjectId ? { subjectId: dto.subjectId } : { iin: dto.iin! };
    return this.commands.execute(
      new EraseSubjectCommand(subject, dto.reason, dto.legalReference, dto.occurredAt, meta),
    );
  }

  @Allow('compliance-admin')
  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({ summary: 'Erase now everyone whose retention period is over (also runs on a timer)' })
  @ApiOkResponse({ type: ErasureSweepDto, description: 'Who this sweep erased, and whose keys it destroyed.' })
  sweep() {
    return this.sweeper.sweep();
  }
}

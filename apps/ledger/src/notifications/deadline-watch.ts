import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  DEADLINE_RULES,
  DeadlineQuestion,
  DeadlineView,
  noticeDeadline,
  stopProcessingDeadline,
} from '@ledger/consent-domain';
import { deadlineStream } from '@ledger/ledger-log';
import { LedgerConfig } from '../config/ledger-config';
import { every, stop } from '../infrastructure/intervals';
import { CommandExecutor, HEAD_ONLY } from '../ledger/command-executor';
import { Clock, CLOCK } from '../ledger/clock';
import { ReadModels } from '../ledger/read-models';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { DeadlineAlarmRaised } from './notifications';

const PAGE = 1000;

type Cursor = { occurredAt: string; eventId: string };

/**
 * Every row of a read-model list kept in (occurredAt, eventId) order, a page of PAGE at a time: the
 * next page is read only once the caller has gone through the one before.
 */
function* everyRow<R extends Cursor>(list: (page: { limit: number; after?: Cursor }) => R[]): Generator<R> {
  for (let after: Cursor | undefined; ;) {
    const page = list({ limit: PAGE, ...(after ? { after } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1];
  }
}

/**
 * Raises an alarm in the log when an open deadline comes near or passes — 15 working days to stop
 * processing after a withdrawal (Law 94-V Art. 8(7)), 10 to tell the person of a transfer (Art. 19) —
 * counted by the same domain rule as the deadline reports. Each alarm is a `DeadlineAlarmRaised`
 * event keyed by the deadline and its status, so it is raised once whichever instance or run sees it
 * first, and it reaches the lending core like any other notification.
 */
@Injectable()
export class DeadlineWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly readModels: ReadModels,
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.config.webhooks.deadlineWatchMs;
    if (period <= 0 || !this.config.projections) return;
    every(this.scheduler, 'deadline watch', period, () => this.run());
  }

  onApplicationShutdown(): void {
    stop(this.scheduler, 'deadline watch');
  }

  /** Looks at every open deadline now; answers how many alarms it raised. */
  async run(): Promise<{ raised: number }> {
    const question: DeadlineQuestion = {
      now: this.clock.now(),
      calendar: this.config.workingCalendar,
      nearWithinWorkingDays: this.config.webhooks.deadlineNearWithinWorkingDays,
    };
    let raised = 0;
    const side = this.readModels.side;
    const open = everyRow((page) => side.withdrawals.list({ outcome: 'withdrawn', openOnly: true, ...page }));
    for (const w of open) {
      const view = stopProcessingDeadline(w, question);
      if (view && (await this.raise(w.subjectId, 'stop-processing', view, w.eventId, { withdrawalId: w.withdrawalId })))
        raised += 1;
    }
    const notices = everyRow((page) => side.disclosures.list({ outcome: 'recorded', toBeNotified: true, ...page }));
    for (const d of notices) {
      const view = noticeDeadline(d, question);
      if (view && (await this.raise(d.subjectId, 'notify-subject', view, d.eventId, { disclosureId: d.disclosureId })))
        raised += 1;
    }
    return { raised };
  }

  private async raise(
    subjectId: string,
    kind: DeadlineAlarmRaised['kind'],
    view: DeadlineView,
    startedBy: string,
    about: { withdrawalId: string } | { disclosureId: string },
  ): Promise<boolean> {
    if ((view.status !== 'due-soon' && view.status !== 'overdue') || !view.deadline) return false;
    const alarm: DeadlineAlarmRaised = {
      kind,
      status: view.status,
      ...about,
      deadline: view.deadline,
      citation: DEADLINE_RULES[kind].citation,
      startedBy,
    };
    const commandId = `deadline-alarm:${kind}:${startedBy}:${view.status}`;
    const result = await this.executor.execute({
      meta: { commandId, correlationId: commandId, actor: { kind: 'system', id: 'deadline-watch' } },
      commandType: 'RaiseDeadlineAlarm',
      stream: deadlineStream(subjectId),
      target: subjectId,
      request: { kind, status: view.status, startedBy },
      occurredAt: this.clock.now(),
      model: HEAD_ONLY,
      decide: () => [{ type: 'DeadlineAlarmRaised', data: alarm }],
    });
    return !result.replayed;
  }
}

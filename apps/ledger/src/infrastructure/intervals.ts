import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Runs `work` every `ms` under `name` in the app's scheduler (the period is configuration, so it is
 * registered at run time rather than by decorator); a failure is logged and the next beat runs.
 */
export function every(scheduler: SchedulerRegistry, name: string, ms: number, work: () => Promise<unknown>): void {
  const logger = new Logger(name);
  const timer = setInterval(() => {
    work().catch((error: unknown) => logger.warn(`${name} failed: ${String(error)}`));
  }, ms);
  timer.unref();
  scheduler.addInterval(name, timer);
}

/** Stops an interval `every` started; the scheduler may already have cleared it on its way down. */
export function stop(scheduler: SchedulerRegistry, name: string): void {
  if (scheduler.doesExist('interval', name)) scheduler.deleteInterval(name);
}

import { SchedulerRegistry } from '@nestjs/schedule';
import { removeDir, startLedger } from '../support/ledger-harness';

/** The ledger's periodic work runs through the app's scheduler, at the configured periods, and stops with it. */
describe('timers', () => {
  it('registers the retention sweep, checkpoint, deadline watch and webhook deliveries, and removes them on close', async () => {
    const ledger = await startLedger();
    try {
      const scheduler = ledger.app.get(SchedulerRegistry);
      expect(scheduler.getIntervals().sort()).toEqual([
        'checkpoint',
        'deadline watch',
        'retention sweep',
        'webhook deliveries',
      ]);
    } finally {
      await ledger.close();
      removeDir(ledger.dir);
    }
    expect(ledger.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
  });

  it('registers none of them when each is switched off', async () => {
    const ledger = await startLedger(undefined, {
      env: {
        LEDGER_RETENTION_SWEEP_HOURS: '0',
        LEDGER_CHECKPOINT_INTERVAL_SECONDS: '0',
        LEDGER_DEADLINE_WATCH_MINUTES: '0',
        LEDGER_WEBHOOKS: 'off',
      },
    });
    try {
      expect(ledger.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
    } finally {
      await ledger.close();
      removeDir(ledger.dir);
    }
  });
});

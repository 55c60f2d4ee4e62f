// @ts-check
/**
 * Jest runs the suites it has timings for slowest first; a clean clone (CI) has none, and jest then
 * goes by file size, which can leave a 20-second suite to start last on one worker while the other
 * idles. Without timings of its own it uses these, measured on a quiet 2-core run (seconds); a
 * suite not listed counts as one second. Only the order depends on them, never a result.
 */
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** @type {Record<string, number>} */
const MEASURED = {
  'test/console/console.browser.spec.ts': 18,
  'test/e2e/several-instances.spec.ts': 23,
  'test/e2e/bad-input.fuzz.spec.ts': 22,
  'test/e2e/replay-equivalence.spec.ts': 17,
  'test/e2e/audit-parallel.spec.ts': 17,
  'test/e2e/restart.spec.ts': 13,
  'test/e2e/integrity.spec.ts': 12,
  'test/docs/demo-data.spec.ts': 12,
  'test/notifications/webhook-deliverer.spec.ts': 11,
  'test/e2e/audit.spec.ts': 10,
  'test/importing/import-resume.spec.ts': 10,
  'test/e2e/mint-token.spec.ts': 10,
  'test/docs/readme-tour.spec.ts': 9,
  'test/e2e/audit-keys.spec.ts': 9,
  'test/e2e/metrics.spec.ts': 8,
  'test/event-store/no-best-effort-appends.spec.ts': 8,
  'test/e2e/shared-components.spec.ts': 8,
  'test/e2e/rebuild.spec.ts': 7,
  'test/importing/import.spec.ts': 7,
  'test/architecture/layers.spec.ts': 7,
  'test/e2e/failures.spec.ts': 6,
  'test/e2e/hardening.spec.ts': 6,
  'test/e2e/checkpoints.spec.ts': 6,
  'test/event-store/esdb-double.contract.spec.ts': 6,
  'test/e2e/hindsight.spec.ts': 6,
};

class SlowestFirst extends Sequencer {
  /** @param {import('@jest/test-result').Test} test */
  time(test) {
    const measured = super.time(test);
    if (measured !== undefined) return measured;
    return (MEASURED[relative(test.context.config.rootDir, test.path)] ?? 1) * 1000;
  }
}

module.exports = SlowestFirst;

/**
 * Generated stores for the benchmark, made once and kept in `.bench-cache/` (gitignored), keyed by
 * size and generator version. Each folder is a data folder the ledger could start on: the log
 * (events.sqlite), the development keys loadConfig makes there (so the checkpoints are signed with the
 * key the service would use), and, once the benchmark has rebuilt them, the read models.
 * A folder without `meta.json` was left half-made and is made again.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { fillLedgerLikeHistory, LEDGER_LIKE_VERSION } from './ledger-like-history';

export interface CachedStore {
  readonly dir: string;
  readonly eventsFile: string;
  readonly readModelFile: string;
  readonly config: LedgerConfig;
  readonly events: number;
  readonly people: number;
  /** Set when this run made it. */
  readonly filledSeconds?: number;
}

interface Meta {
  readonly events: number;
  readonly people: number;
  readonly generator: number;
  readonly made: string;
  readonly filledSeconds: number;
}

export const CACHE_ROOT = join(__dirname, '..', '..', '..', '.bench-cache');

/** The config the ledger would load on that folder (test mode: development keys kept there). */
export function configFor(dir: string): LedgerConfig {
  return loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
}

export async function cachedStore(events: number, log: (line: string) => void): Promise<CachedStore> {
  const dir = join(CACHE_ROOT, `ledger-v${LEDGER_LIKE_VERSION}-${events}`);
  const metaFile = join(dir, 'meta.json');
  if (!existsSync(metaFile)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const config = configFor(dir);
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    const started = Date.now();
    let lastReport = started;
    let written: Awaited<ReturnType<typeof fillLedgerLikeHistory>>;
    try {
      written = await fillLedgerLikeHistory(store, events, config.signingKey, {
        pseudonymKey: config.pseudonymKey,
        onProgress: (n) => {
          if (Date.now() - lastReport < 10_000) return;
          lastReport = Date.now();
          const rate = n / ((lastReport - started) / 1000);
          log(
            `  generating: ${n.toLocaleString('en-US')} / ${events.toLocaleString('en-US')} events, ${Math.round(rate)}/s`,
          );
        },
      });
    } finally {
      await store.close();
    }
    const meta: Meta = {
      events: written.events,
      people: written.people,
      generator: LEDGER_LIKE_VERSION,
      made: new Date().toISOString(),
      filledSeconds: (Date.now() - started) / 1000,
    };
    writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    log(
      `  generated ${written.events.toLocaleString('en-US')} events in ${meta.filledSeconds.toFixed(0)} s into ${dir}`,
    );
    return { ...paths(dir), config, events: written.events, people: written.people, filledSeconds: meta.filledSeconds };
  }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  return { ...paths(dir), config: configFor(dir), events: meta.events, people: meta.people };
}

function paths(dir: string) {
  return { dir, eventsFile: join(dir, 'events.sqlite'), readModelFile: join(dir, 'read-models.sqlite') };
}

import 'reflect-metadata';
import { addMs, Instant } from '@ledger/consent-domain';
import { mintDevelopmentToken } from '../auth/development-tokens';
import { createLogger } from '../observability/logger';
import { ConfigError, loadConfig } from '../config/ledger-config';
import { Clock, SystemClock } from '../ledger/clock';
import { generateDemoHistory } from './demo-history';

/** The ledger's clock while the demo writes: each command is recorded at its scheduled moment. */
class DemoClock implements Clock {
  private current?: Instant;
  now(): Instant {
    return this.current ?? new SystemClock().now();
  }
  set(instant: Instant): void {
    this.current = instant;
  }
}

/**
 * Fills an empty store with a realistic history so a new user sees answers at once:
 * `npm run demo-data -- --people 200 --seed 7`. Only events are written here; the ledger (running
 * now or started later) builds its read models from them.
 */
const USAGE = `usage: npm run demo-data -- [--people N] [--seed N] [--no-showcase]

Fills an EMPTY development ledger (LEDGER_DATA_DIR, default ./data) with a seeded, realistic history
of 25 days ending now, then prints the showcase people and what each one shows.
  --people N       generated people (default 200)
  --seed N         the same seed gives the same history (default 7)
  --no-showcase    leave out the five scripted showcase people
  --help           print this and write nothing`;

class UsageError extends Error {}

/** Reads the options; anything it does not know is a usage error, so nothing is written by mistake. */
function parseDemoArgs(args: readonly string[]): { people: number; seed: number; showcase: boolean } | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const options = { people: 200, seed: 7, showcase: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-showcase') options.showcase = false;
    else if (arg === '--people' || arg === '--seed') {
      const value = Number(args[++i]);
      if (args[i] === undefined || !Number.isInteger(value) || value < 0) {
        throw new UsageError(`${arg} must be a whole number`);
      }
      options[arg === '--people' ? 'people' : 'seed'] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return options;
}

async function main(): Promise<void> {
  const parsed = parseDemoArgs(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const { people, seed } = parsed;
  // The ledger's modules load only once the options are known good: --help and a typo answer at once.
  const [{ createLedgerApp }, { openEventStore }] = await Promise.all([
    import('../bootstrap'),
    import('../infrastructure/infrastructure.module'),
  ]);
  const config = { ...loadConfig(), readModelFile: ':memory:', projections: false, rateLimitPerMinute: 0 };
  if (config.production || !config.auth.developmentPrivateKeyPem) {
    throw new ConfigError(
      'demo data is for a development ledger only (NODE_ENV=development, no identity provider configured)',
    );
  }
  const token = await mintDevelopmentToken(config.auth.developmentPrivateKeyPem, ['lending-core', 'compliance-admin'], {
    sub: 'demo-data',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.maxTokenLifetimeSeconds,
  });
  const store = await openEventStore(config);
  if ((await store.headPosition()) !== undefined) {
    await store.close();
    throw new ConfigError(
      `the event store already holds events; demo data goes only into an empty ledger (set LEDGER_DATA_DIR to a new folder)`,
    );
  }
  const clock = new DemoClock();
  const app = await createLedgerApp(config, { clock, store }, { logger: createLogger({ level: 'error' }) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const send = async (url: string, key: string, body: unknown) => {
    const reply = await app.inject({
      method: 'POST',
      url,
      payload: body as object,
      headers: { 'idempotency-key': key, authorization: `Bearer ${token}` },
    });
    return { status: reply.statusCode, body: reply.json() as unknown };
  };
  const started = Date.now();
  const end = new SystemClock().now();
  const summary = await generateDemoHistory(send, clock, {
    people,
    seed,
    showcase: parsed.showcase,
    days: DEMO_DAYS,
    end,
    onProgress: (done, total) => {
      if (done % 200 === 0 || done === total) process.stderr.write(`\r  ${done}/${total} commands`);
    },
  });
  process.stderr.write('\n');
  await app.close();
  const where = config.eventStore.kind === 'sqlite' ? config.eventStore.file : 'EventStoreDB';
  console.log(
    [
      `wrote ${summary.commands} commands for ${summary.people} people into ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `answers: ${Object.entries(summary.byStatus)
        .map(([status, n]) => `${n}× ${status}`)
        .join(', ')}`,
      `try one of these synthetic people (IINs): ${summary.iins.slice(0, 3).join(', ')}`,
      ...(summary.showcase.length > 0
        ? [
            '',
            `showcase people (day 0 is ${addMs(end, -DEMO_DAYS * DAY_MS).slice(0, 10)}; day ${DEMO_DAYS} is today):`,
            ...summary.showcase.map(
              (p) => `  ${p.iin}  ${p.name}${p.subjectId ? ` (subjectId ${p.subjectId})` : ''}\n      ${p.shows}`,
            ),
          ]
        : []),
    ].join('\n'),
  );
}

const DEMO_DAYS = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`demo-data: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`demo-data failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

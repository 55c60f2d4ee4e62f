import { addMs, CoverageAnswer, Moment } from '@ledger/consent-domain';
import { ExportScope, seededRandom } from '@ledger/ledger-log';
import { Args, catalogue, EXIT, momentFrom, momentGiven, text, UsageError } from '../cli';
import { readExport } from '../export-reader';
import { Progress } from '../progress';
import { answeredExit, assertAnswerable, readForReplay, Replay } from '../replay';

const DAY = 24 * 60 * 60 * 1000;
const CHECKS = [
  { purpose: 'credit-and-pension-checks', recipient: 'first-credit-bureau', dataCategories: ['iin', 'credit-history'] },
  { purpose: 'advertising', recipient: 'advertising-partners', dataCategories: ['mobile-phone'] },
];

/**
 * Replays a sample of people from the export and asks the live API the same questions at the same
 * (T, T′); any difference is reported and fails the run.
 */
export async function diffCommand(
  args: Args,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const api = text(args, 'api');
  if (!api) throw new UsageError('diff needs --api <base url of the ledger>');
  const token = text(args, 'token') ?? process.env.LEDGER_TOKEN;
  if (!token)
    throw new UsageError('diff needs a bearer token with the auditor or regulator role: --token <jwt> or LEDGER_TOKEN');
  const sampleSize = Number(text(args, 'sample') ?? 50);
  const seed = Number(text(args, 'seed') ?? 1);
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new UsageError('--sample must be a positive whole number');
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');

  // First pass: pick the sample (reservoir sampling over each person's first event), verifying.
  const sample: string[] = [];
  let seen = 0;
  const random = seededRandom(seed);
  let createdAt = '';
  let scope: ExportScope | undefined;
  const report = await readForReplay(args, err, {
    progress: new Progress('sampling'),
    onHeader: (header) => {
      createdAt = header.createdAt;
      scope = header.scope;
    },
    onEvent: (event) => {
      if (!event.stream.startsWith('subject-') || event.revision !== 0) return;
      seen += 1;
      const subjectId = event.stream.slice('subject-'.length);
      if (sample.length < sampleSize) sample.push(subjectId);
      else {
        const j = Math.floor(random() * seen);
        if (j < sampleSize) sample[j] = subjectId;
      }
    },
  });
  // Second pass: only the sampled people's events (and the policies).
  const replay = new Replay(catalogue, new Set(sample));
  await readExport(args.file, {
    verify: false,
    progress: new Progress('replaying'),
    onEvent: (event) => replay.accept(event),
  });

  const given = momentGiven(args);
  const base = momentFrom(args, createdAt);
  const moments: Moment[] = given
    ? [base]
    : [
        base,
        { at: addMs(createdAt, -7 * DAY), knownAt: createdAt },
        { at: addMs(createdAt, -10 * DAY), knownAt: addMs(createdAt, -5 * DAY) },
      ];

  // An export that cannot answer for someone is said so, not reported as the ledger disagreeing.
  for (const subjectId of sample) for (const moment of moments) assertAnswerable(replay, scope, subjectId, moment.knownAt);

  const concurrency = Number(text(args, 'concurrency') ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError('--concurrency must be a whole number from 1 to 64');
  const progress = new Progress('asking the API');
  let asked = 0;
  // A few people at a time (each answer is an access-log write on the ledger's side), reported in
  // sample order whatever order the answers come in.
  const found: string[][] = sample.map(() => []);
  let next = 0;
  const askNext = async (): Promise<void> => {
    while (next < sample.length) {
      const index = next++;
      const subjectId = sample[index];
      const differences = found[index];
      for (const moment of moments) {
        const q = `at=${encodeURIComponent(moment.at)}&knownAt=${encodeURIComponent(moment.knownAt)}`;
        const live = await getJson(`${api}/v1/subjects/${subjectId}/consents?${q}`, token);
        const mine = replay.consents(subjectId, moment);
        compare(
          differences,
          `${subjectId} consents ${moment.at} / ${moment.knownAt}`,
          essentials(live),
          essentials(mine),
        );
        for (const check of CHECKS) {
          const params = `purpose=${check.purpose}&recipient=${check.recipient}&dataCategories=${check.dataCategories.join(',')}&${q}`;
          const liveCheck = await getJson(`${api}/v1/subjects/${subjectId}/check?${params}`, token);
          compare(
            differences,
            `${subjectId} check ${check.purpose}→${check.recipient} ${moment.at} / ${moment.knownAt}`,
            checkEssentials(liveCheck),
            checkEssentials(replay.check(subjectId, check, moment)),
          );
        }
        progress.update(++asked, sample.length * moments.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sample.length) }, askNext));
  const differences = found.flat();
  progress.done();
  const questions = sample.length * moments.length * (1 + CHECKS.length);
  if (differences.length === 0) {
    out(
      `OK ${questions} answers for ${sample.length} people (of ${seen} in the export) at ${moments.length} moments: the API and the replay agree\n`,
    );
    return answeredExit(report);
  }
  out(`DIFFERENT ${differences.length} of ${questions} answers:\n${differences.slice(0, 20).join('\n')}\n`);
  return EXIT.failed;
}

/** What both sides must agree on; the API's consent JSON and the domain's view share these fields. */
function essentials(answer: {
  consents: readonly {
    consentId: string;
    status: string;
    coverage: unknown;
    justifiedBy: unknown;
    policy: { satisfied: boolean };
  }[];
  openLoans: readonly string[];
}) {
  return {
    // Loan ids are sealed with the person's key: the export has them sealed, the API opens them for
    // auditors. How many loans are open is what both can tell.
    openLoans: answer.openLoans.length,
    consents: answer.consents.map((c) => ({
      consentId: c.consentId,
      status: c.status,
      coverage: c.coverage,
      justifiedBy: c.justifiedBy,
      policySatisfied: c.policy.satisfied,
    })),
  };
}

function checkEssentials(answer: Pick<CoverageAnswer, 'allowed' | 'basis' | 'reasons' | 'justifiedBy'>) {
  return {
    allowed: answer.allowed,
    basis: answer.basis ?? null,
    reasons: answer.reasons.map((r) => r.code),
    justifiedBy: answer.justifiedBy,
  };
}

function compare(differences: string[], what: string, live: unknown, replayed: unknown): void {
  const a = JSON.stringify(live);
  const b = JSON.stringify(replayed);
  if (a !== b) differences.push(`  ${what}\n    api:    ${a.slice(0, 400)}\n    replay: ${b.slice(0, 400)}`);
}

/** What the API answers, as far as the comparison reads it; a person it has never seen answers 404. */
type LiveAnswer = Parameters<typeof essentials>[0] & Parameters<typeof checkEssentials>[0];

async function getJson(url: string, token: string): Promise<LiveAnswer> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, 'x-access-reason': 'audit diff: replay compared with the ledger' },
  }).catch((error: unknown) => {
    // fetch says only "fetch failed"; the cause (refused, unknown host, TLS) and the address are what help.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `the ledger at ${new URL(url).origin} could not be reached: ${cause?.code ?? cause?.message ?? String(error)}`,
    );
  });
  if (response.status === 404) return { consents: [], openLoans: [], allowed: false, reasons: [], justifiedBy: [] };
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as LiveAnswer;
}

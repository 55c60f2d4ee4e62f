import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@ledger/consent-domain';
import { EventStore, Position } from '@ledger/event-store';
import { Actor, canonicalCopy, importStream } from '@ledger/ledger-log';
import { AcceptPolicyVersionDto, prepareAcceptance } from '../accepting-policies/accept-policy-version';
import { prepareGrant } from '../granting/grant-consent.handler';
import { CommandExecutor, CommandMeta, CommandResult, HEAD_ONLY } from '../ledger/command-executor';
import { DryRunScratch } from '../ledger/import-scope';
import { Clock, CLOCK } from '../ledger/clock';
import { KeyedQueue } from '../ledger/keyed-queue';
import { PreparedSubjectCommand, SubjectCommandItem, SubjectLedger, SubjectRef } from '../ledger/subject-ledger';
import { LoanEventDto, prepareLoanEvent } from '../loans/loans';
import { PublishPolicyVersionCommand, PublishPolicyVersionDto } from '../publishing-policies/publish-policy-version';
import { prepareWithdrawal } from '../withdrawing/withdraw-consent.handler';
import { csvColumnOf, CsvRows } from './import-rows';
import { boundedLines } from './bounded-lines';
import { CheckedRow, FailedRow, problemOf, RowProblem, SubjectRowKind, validated } from './row-check';
import { RowChecker } from './row-checker';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { ProblemException } from '../http/problems';
import { policyIdFromPath } from '../http/validation';
import { READ_SIDE } from '../ledger/read-models';
import { SETTLE_MS } from '../http/command-response';
import { ReadSide } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config';

export type { RowProblem } from './row-check';

/**
 * Each kind of row is the HTTP command of the same name (its DTO checked in row-check.ts), prepared
 * by its handler's own function. A person's rows then run as one series on the command road.
 */
const PREPARE: Record<
  SubjectRowKind,
  (subjects: SubjectLedger, dto: never, meta: CommandMeta) => PreparedSubjectCommand<unknown>
> = {
  grant: prepareGrant,
  'accept-policy': (_s, dto: AcceptPolicyVersionDto) => prepareAcceptance(dto),
  withdraw: prepareWithdrawal,
  'loan-signed': (_s, dto: LoanEventDto) => prepareLoanEvent('signed', dto),
  'loan-fulfilled': (_s, dto: LoanEventDto) => prepareLoanEvent('fulfilled', dto),
};

export interface ImportReport {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly fileDigest: string;
  readonly rows: number;
  /** Written by this run (in a dry run: would be). */
  readonly accepted: number;
  /** Written by an earlier run of the same rows: nothing new. */
  readonly alreadyImported: number;
  /**
   * Refused by the domain, with its reason (a refused withdrawal is recorded as one, as the API does):
   * the first LISTED_PROBLEMS by line.
   */
  readonly refused: RowProblem[];
  /** How many rows were refused, listed or not. */
  readonly refusedCount: number;
  /** Not a valid command: the line and the field (the first LISTED_PROBLEMS by line). */
  readonly invalid: RowProblem[];
  /** How many rows were invalid, listed or not. */
  readonly invalidCount: number;
}

/**
 * Problems a report lists of each kind. A file of a million bad rows is still streamed in bounded
 * memory and answered in a report of bounded size: its first problems by line, and the counts.
 */
export const LISTED_PROBLEMS = 10_000;

/** The first `limit` problems by line, whatever order they come in, and how many came. */
export class FirstProblems {
  private items: RowProblem[] = [];
  private added = 0;

  constructor(private readonly limit = LISTED_PROBLEMS) {}

  add(problem: RowProblem): void {
    this.added += 1;
    this.items.push(problem);
    // Trimmed in bulk, so that each problem costs a share of one sort, not a search of the list.
    if (this.items.length >= 2 * this.limit) this.trim();
  }

  get count(): number {
    return this.added;
  }

  list(): RowProblem[] {
    this.trim();
    return this.items;
  }

  private trim(): void {
    this.items.sort((a, b) => a.line - b.line);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}

export interface ImportRequest {
  readonly input: Readable;
  readonly format: 'ndjson' | 'csv';
  readonly actor: Actor;
  /** Names the import: the file's digest for the CLI, the Idempotency-Key's for the API. */
  readonly importId: string;
  /** The name is the file's own digest (the CLI): an import completed under it was this very file. */
  readonly namedByContent?: boolean;
  readonly dryRun?: boolean;
  readonly onProgress?: (
    done: number,
    report: Omit<ImportReport, 'refused' | 'invalid' | 'refusedCount' | 'invalidCount'> & {
      refused: number;
      invalid: number;
    },
  ) => void;
}

/**
 * Chunks (LEDGER_IMPORT_CHUNK_ROWS rows decided and written together; one person's rows in a chunk
 * are one series) are decided while the ones before them are on their way to disk.
 */
const CHUNKS_IN_FLIGHT = 3;
/** Batches of lines (a chunk's rows each) being checked on the row-checking thread ahead of deciding. */
const CHECKS_AHEAD = 2;

type Row = Extract<CheckedRow, { kind: SubjectRowKind }>;
type PolicyRow = Extract<CheckedRow, { kind: 'publish-policy' }>;
type Outcome = 'accepted' | 'already-imported' | FailedRow;

/**
 * A bulk import of historical facts. Every row is the command the API takes, validated by the same
 * pipe and prepared by the same handler code, then decided by the same deciders on the same command
 * road — only the late-fact window is lifted, and the events are marked with the import and the
 * line. The file is read in batches of lines, parsed and validated on a thread of their own (see
 * RowChecker; a file of one batch or less is checked where it is read); the rows are then decided
 * in chunks: in each, a person's rows run in file order as one series (see
 * SubjectLedger.executeSeries), and every person's writes share the store's group commits. A row's
 * key is its idempotency key, so a second run (or a run resumed after a crash) writes nothing it
 * wrote before. The import is itself recorded: `ImportStarted` (who) and `ImportCompleted` (the
 * file's digest, the counts).
 */
@Injectable()
export class Importer implements OnModuleInit, OnApplicationShutdown {
  private readonly checker = new RowChecker();

  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly subjects: SubjectLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
  ) {}

  /** A spool a crash left behind holds people's data in clear: it goes before anything is served. */
  async onModuleInit(): Promise<void> {
    const names = await readdir(this.config.dataDir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => SPOOL.test(name)).map((name) => rm(join(this.config.dataDir, name), { force: true })),
    );
  }

  // Not onModuleDestroy: Nest runs that before the HTTP server has answered the requests in flight,
  // and an import still streaming in would lose its thread (500) in the middle of a batch.
  async onApplicationShutdown(): Promise<void> {
    await this.checker.close();
  }

  async run(request: ImportRequest): Promise<ImportReport> {
    const { importId, actor } = request;
    if (request.dryRun)
      await this.rehearseClaim(request, `ImportStarted:${importId}`, 'ImportStarted', {
        format: request.format,
      });
    const started = request.dryRun
      ? undefined
      : await this.audit(
          importId,
          actor,
          'ImportStarted',
          { importId, format: request.format },
          { format: request.format },
        );
    // Only an import started before under this name may have completed: a first run reads nothing more.
    const spool = started?.replayed ? await this.sameFileAgain(request) : undefined;
    try {
      return await this.runFrom(spool ? { ...request, input: createReadStream(spool) } : request);
    } finally {
      if (spool) await rm(spool, { force: true });
    }
  }

  /**
   * An import completed under this key and sent again: which file it is shows only once it is read,
   * so it is read to a spool first (0600, in the data folder: it names people) and its digest held to
   * the completion's claim — another file is 409 with nothing written; the same file runs again from
   * the spool and writes what is missing (rows refused before may be taken now). The CLI names an
   * import by the file's own digest: the same name is the same file.
   */
  private async sameFileAgain(request: ImportRequest): Promise<string | undefined> {
    const completion = completionKey(request.importId);
    if (request.namedByContent) return undefined;
    const audit = await this.store.readStream(importStream(request.importId));
    if (!audit.some((event) => event.type === 'ImportCompleted')) return undefined;
    const spool = join(this.config.dataDir, `import-${request.importId}-${randomUUID()}.spool`);
    const digest = createHash('sha256');
    try {
      await pipeline(
        request.input,
        new Transform({
          transform: (chunk: Buffer, _encoding, done) => {
            digest.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(spool, { mode: 0o600 }),
      );
      await this.executor.replayByClaim({
        meta: { commandId: completion, correlationId: `import:${request.importId}`, actor: request.actor },
        commandType: 'ImportCompleted',
        target: request.importId,
        request: { fileDigest: digest.digest('hex') },
      });
      return spool;
    } catch (error) {
      await rm(spool, { force: true });
      throw inCallersWords(error, 'file');
    }
  }

  private async runFrom(request: ImportRequest): Promise<ImportReport> {
    const { importId, actor } = request;
    const dryRun = request.dryRun ?? false;
    const digest = createHash('sha256');
    request.input.on('data', (chunk: Buffer | string) => digest.update(chunk));
    const scratch: DryRunScratch | undefined = dryRun ? { heads: new Map(), links: new Map() } : undefined;
    // In canonical form once, so that no event's metadata needs a sorted copy of it.
    const by = { importId, actor: canonicalCopy(actor), scratch };
    const refused = new FirstProblems();
    const invalid = new FirstProblems();
    let rows = 0;
    let accepted = 0;
    let alreadyImported = 0;
    let failure: unknown;
    const csv = request.format === 'csv' ? new CsvRows() : undefined;
    const tally = (outcome: Outcome) => {
      if (outcome === 'accepted') accepted += 1;
      else if (outcome === 'already-imported') alreadyImported += 1;
      else {
        // A CSV author looks for the column, not for where the API's body keeps it (term.until: termUntil).
        const { problem } = outcome;
        const named = csv && problem.field ? { ...problem, field: csvColumnOf(problem.field) } : problem;
        (outcome.kind === 'invalid' ? invalid : refused).add(named);
      }
    };
    const progress = () =>
      request.onProgress?.(accepted + alreadyImported + refused.count + invalid.count, {
        importId,
        dryRun,
        fileDigest: '',
        rows,
        accepted,
        alreadyImported,
        refused: refused.count,
        invalid: invalid.count,
      });

    const inFlight: Promise<void>[] = [];
    /** A person's rows run in file order: a chunk's series waits for the one before it. */
    const inOrder = new KeyedQueue();
    let chunk: Row[] = [];
    const launch = async () => {
      const rowsOfChunk = chunk;
      chunk = [];
      if (rowsOfChunk.length > 0) {
        inFlight.push(
          this.chunk(rowsOfChunk, by, inOrder).then(
            (outcomes) => outcomes.forEach(tally),
            (error) => void (failure ??= error),
          ),
        );
      }
      while (inFlight.length >= CHUNKS_IN_FLIGHT) {
        await inFlight.shift();
        progress();
      }
    };
    /** Checked rows, in file order, into chunks; a policy version between them. */
    const decide = async (checked: readonly CheckedRow[]) => {
      for (const row of checked) {
        if (failure) return;
        rows += 1;
        if ('failed' in row) {
          tally(row.failed);
          continue;
        }
        if (row.kind === 'publish-policy') {
          // A policy version is a barrier: what follows may be judged against it.
          await launch();
          await Promise.all(inFlight.splice(0));
          if (failure) return;
          try {
            tally(await this.publishRow(row, by));
          } catch (error) {
            failure ??= error;
          }
          continue;
        }
        chunk.push(row);
        if (chunk.length >= this.config.importChunkRows) await launch();
      }
    };

    const checking: Promise<CheckedRow[]>[] = [];
    let batch = { lines: [] as number[], texts: [] as string[] };
    let sent = 0;
    const send = (here: boolean) => {
      if (batch.lines.length === 0) return;
      const checked = this.checker.check(
        { format: request.format, columns: csv?.header, maxRowBytes: this.config.bodyLimitBytes, ...batch },
        here,
      );
      // Awaited in turn below, unless the import stops first.
      checked.catch(() => undefined);
      checking.push(checked);
      batch = { lines: [], texts: [] };
      sent += 1;
    };
    const next = async () => {
      try {
        await decide(await checking.shift()!);
      } catch (error) {
        failure ??= error;
      }
    };

    let line = 0;
    for await (const read of boundedLines(request.input, this.config.bodyLimitBytes)) {
      line += 1;
      // A byte-order mark (as spreadsheet programs write) belongs to the file, not to its first row.
      const text = line === 1 && read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
      if (failure) break;
      if (text.trim() === '') continue;
      // A CSV file's header names the columns for every batch (and refuses unknown ones here).
      if (csv && !csv.header) {
        csv.parse(text, line);
        continue;
      }
      batch.lines.push(line);
      batch.texts.push(text);
      if (batch.lines.length >= this.config.importChunkRows) {
        send(false);
        while (checking.length >= CHECKS_AHEAD && !failure) await next();
      }
    }
    // The file's only batch is checked here: a thread would cost more than it saves.
    if (!failure) send(sent === 0);
    while (checking.length > 0 && !failure) await next();
    if (!failure) await launch();
    await Promise.all(inFlight.splice(0));
    // A store that failed stops the import; running it again resumes where it stopped.
    if (failure) throw failure;
    progress();
    const report: ImportReport = {
      importId,
      dryRun,
      fileDigest: digest.digest('hex'),
      rows,
      accepted,
      alreadyImported,
      refused: refused.list(),
      refusedCount: refused.count,
      invalid: invalid.list(),
      invalidCount: invalid.count,
    };
    if (dryRun && !request.namedByContent) {
      const audit = await this.store.readStream(importStream(importId));
      if (audit.some((event) => event.type === 'ImportCompleted')) {
        await this.rehearseClaim(request, completionKey(importId), 'ImportCompleted', {
          fileDigest: report.fileDigest,
        });
      }
    }
    if (!dryRun) {
      const { refused: _r, invalid: _i, refusedCount, invalidCount, ...counts } = report;
      const completed = await this.audit(
        importId,
        actor,
        'ImportCompleted',
        { ...counts, refused: refusedCount, invalid: invalidCount },
        { fileDigest: report.fileDigest },
      );
      // As a command's answer does (settleBeforeAnswering): whoever imported reads it in the next query here.
      if (completed.position !== undefined) {
        await this.readSide.runner.settle(
          completed.position as Position,
          Math.min(SETTLE_MS, this.config.readYourWritesTimeoutMs),
        );
      }
    }
    return report;
  }

  /** Prepares a chunk's checked rows, then runs each person's rows, in file order, as one series. */
  private async chunk(rows: readonly Row[], by: ImportBy, inOrder: KeyedQueue): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const people = new Map<
      string,
      {
        subject: SubjectRef;
        items: SubjectCommandItem[];
        rows: { row: Row; prepared: PreparedSubjectCommand<unknown> }[];
      }
    >();
    for (const row of rows) {
      const meta = metaOf(row, by);
      let prepared: PreparedSubjectCommand<unknown>;
      try {
        prepared = PREPARE[row.kind](this.subjects, row.dto as never, meta);
      } catch (error) {
        outcomes.push(problemOf(error, row));
        continue;
      }
      const who = 'iin' in prepared.subject ? `iin:${prepared.subject.iin}` : prepared.subject.subjectId;
      const person = people.get(who) ?? { subject: prepared.subject, items: [], rows: [] };
      person.items.push({
        command: prepared.command,
        meta,
        ...(prepared.request ? { request: prepared.request } : {}),
      });
      person.rows.push({ row, prepared });
      people.set(who, person);
    }
    // The chunk's people looked for among the IIN links in one read, not one or two per person.
    // (Each person's IIN digested once, for the read and for their series.)
    const named = await this.subjects.lookAhead([...people.values()].map((p) => p.subject));
    [...people.values()].forEach((person, i) => (person.subject = named[i]));
    // The chunk's keys looked for among the claims in one read, not a read per row of each person new
    // to the ledger (a retry whose person was erased since finds its answer through its claim). A
    // claim made after this read is one made for another request at the same time, which the
    // claim's write refuses as ever.
    const claimed = await this.executor.claimedAmong(
      [...people.values()].flatMap((p) => p.items.map((item) => item.meta.commandId)),
    );
    for (const person of people.values()) {
      person.items = person.items.map((item) => ({ ...item, unclaimed: !claimed.has(item.meta.commandId) }));
    }
    // Every series settles before the chunk does: a failed import has nothing of it still in flight.
    const settled = await Promise.allSettled(
      [...people].map(async ([who, person]) => {
        // After the person's rows of the chunk before (which may be linking them right now).
        const series = await inOrder.run(who, () => this.subjects.executeSeries(person.subject, person.items));
        series.forEach((outcome, i) => {
          const { row, prepared } = person.rows[i];
          if ('refused' in outcome) return outcomes.push(problemOf(outcome.refused, row));
          try {
            // The handler's answer, which may refuse (a withdrawal the law forbids, recorded as refused).
            prepared.answer(outcome.ok);
            outcomes.push(outcome.ok.replayed ? 'already-imported' : 'accepted');
          } catch (error) {
            outcomes.push(problemOf(error, row));
          }
        });
      }),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes;
  }

  /** A policy version: its HTTP command, through the bus, on its own. */
  private async publishRow(row: PolicyRow, by: ImportBy): Promise<Outcome> {
    const { policyId, ...body } = row.body;
    try {
      // The route's parameter, checked as the route checks it: a stream cannot be named by anything else.
      if (typeof policyId !== 'string') {
        throw new ProblemException('invalid-request', 'policyId is required', {}, [
          { field: 'policyId', code: 'required', message: 'policyId is required' },
        ]);
      }
      const id = policyIdFromPath(policyId);
      const dto = (await validated(body, PublishPolicyVersionDto)) as PublishPolicyVersionDto;
      // Every command answers with its response body, which says whether it was a replay.
      const answer = (await this.commands.execute(new PublishPolicyVersionCommand(id, dto, metaOf(row, by)))) as {
        replayed?: boolean;
      };
      return answer.replayed ? 'already-imported' : 'accepted';
    } catch (error) {
      return problemOf(error, row);
    }
  }

  /**
   * A dry run answers its key as the run it rehearses would, writing nothing: a key that names an import
   * of another format, or a completed import of another file, is 409. A rehearsal reported every row of
   * such a file as it would be taken, and the real run under the key was then refused.
   */
  private async rehearseClaim(
    request: ImportRequest,
    commandId: string,
    type: 'ImportStarted' | 'ImportCompleted',
    asked: object,
  ): Promise<void> {
    try {
      await this.executor.replayByClaim({
        meta: { commandId, correlationId: `import:${request.importId}`, actor: request.actor },
        commandType: type,
        target: request.importId,
        request: asked,
      });
    } catch (error) {
      throw inCallersWords(error, type === 'ImportStarted' ? 'format' : 'file');
    }
  }

  /** Records the import's start or end. */
  private async audit(
    importId: string,
    actor: Actor,
    type: 'ImportStarted' | 'ImportCompleted',
    data: object,
    request: object,
  ): Promise<CommandResult> {
    const commandId = type === 'ImportCompleted' ? completionKey(importId) : `${type}:${importId}`;
    try {
      return await this.executor.execute({
        meta: { commandId, correlationId: `import:${importId}`, actor },
        commandType: type,
        stream: importStream(importId),
        target: importId,
        request,
        occurredAt: this.clock.now(),
        model: HEAD_ONLY,
        decide: () => [{ type, data }],
      });
    } catch (error) {
      throw inCallersWords(error, type === 'ImportStarted' ? 'format' : 'file');
    }
  }
}

/** A key used again for another import, said in the caller's words: the key is theirs, the claim's name the ledger's. */
function inCallersWords(error: unknown, what: 'format' | 'file'): unknown {
  if (!(error instanceof DomainError) || error.code !== 'idempotency-key-reused') return error;
  return new ProblemException(
    'idempotency-key-reused',
    `this Idempotency-Key already names an import of another ${what}; nothing was written`,
  );
}

/** The file an import re-sent under a completed one's key is read to (see sameFileAgain). */
const SPOOL = /^import-[0-9a-f]+-[0-9a-f-]{36}\.spool$/;

/** The claim of an import's completion, whose request is the file's digest. */
const completionKey = (importId: string) => `ImportCompleted:${importId}`;

/** Who runs the import, which one, and (in a dry run) where its decisions go instead of the log. */
interface ImportBy {
  readonly importId: string;
  readonly actor: Actor;
  readonly scratch?: DryRunScratch;
}

/** A row's command is sent under its row key, marked with the import and its line. */
function metaOf(row: { line: number; key: string }, by: ImportBy): CommandMeta {
  const commandId = `import:${row.key}`;
  return {
    commandId,
    correlationId: commandId,
    actor: by.actor,
    imported: { importId: by.importId, line: row.line, ...(by.scratch ? { dryRun: by.scratch } : {}) },
  };
}

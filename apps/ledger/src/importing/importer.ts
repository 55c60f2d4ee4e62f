import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { DomainError } from '@ledger/consent-domain';
import { Actor, canonicalCopy, importStream } from '@ledger/ledger-log';
import { AcceptPolicyVersionDto, prepareAcceptance } from '../accepting-policies/accept-policy-version';
import { GrantConsentDto } from '../granting/grant-consent.dto';
import { prepareGrant } from '../granting/grant-consent.handler';
import { ProblemException } from '../http/problems';
import { shapeProblem } from '../http/request-shape';
import { ledgerValidationPipe } from '../http/validation';
import { CommandExecutor, CommandMeta, HEAD_ONLY } from '../ledger/command-executor';
import { DryRunScratch } from '../ledger/import-scope';
import { Clock, CLOCK } from '../ledger/clock';
import { KeyedQueue } from '../ledger/keyed-queue';
import { PreparedSubjectCommand, SubjectCommandItem, SubjectLedger, SubjectRef } from '../ledger/subject-ledger';
import { LoanEventDto, prepareLoanEvent } from '../loans/loans';
import { PublishPolicyVersionCommand, PublishPolicyVersionDto } from '../publishing-policies/publish-policy-version';
import { WithdrawConsentDto } from '../withdrawing/withdraw-consent.dto';
import { prepareWithdrawal } from '../withdrawing/withdraw-consent.handler';
import { CsvRows, ParsedRow, parseNdjsonLine, RowKind } from './import-rows';

type SubjectRowKind = Exclude<RowKind, 'publish-policy'>;

/**
 * Each kind of row is the HTTP command of the same name: its DTO, and its handler's own preparation
 * of what the domain is asked. A person's rows then run as one series on the command road.
 */
const SUBJECT_KINDS: Record<
  SubjectRowKind,
  {
    dto: new () => object;
    prepare: (subjects: SubjectLedger, dto: never, meta: CommandMeta) => PreparedSubjectCommand<unknown>;
  }
> = {
  grant: { dto: GrantConsentDto, prepare: prepareGrant },
  'accept-policy': {
    dto: AcceptPolicyVersionDto,
    prepare: (_s, dto: AcceptPolicyVersionDto) => prepareAcceptance(dto),
  },
  withdraw: { dto: WithdrawConsentDto, prepare: prepareWithdrawal },
  'loan-signed': { dto: LoanEventDto, prepare: (_s, dto: LoanEventDto) => prepareLoanEvent('signed', dto) },
  'loan-fulfilled': { dto: LoanEventDto, prepare: (_s, dto: LoanEventDto) => prepareLoanEvent('fulfilled', dto) },
};

export interface RowProblem {
  readonly line: number;
  readonly key?: string;
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

export interface ImportReport {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly fileDigest: string;
  readonly rows: number;
  /** Written by this run (in a dry run: would be). */
  readonly accepted: number;
  /** Written by an earlier run of the same rows: nothing new. */
  readonly alreadyImported: number;
  /** Refused by the domain, with its reason (a refused withdrawal is recorded as one, as the API does). */
  readonly refused: RowProblem[];
  /** Not a valid command: the line and the field. */
  readonly invalid: RowProblem[];
}

export interface ImportRequest {
  readonly input: Readable;
  readonly format: 'ndjson' | 'csv';
  readonly actor: Actor;
  /** Names the import: the file's digest for the CLI, the Idempotency-Key's for the API. */
  readonly importId: string;
  readonly dryRun?: boolean;
  readonly onProgress?: (
    done: number,
    report: Omit<ImportReport, 'refused' | 'invalid'> & { refused: number; invalid: number },
  ) => void;
}

/** Rows decided and written together: one person's rows in a chunk are one series. */
const CHUNK_ROWS = 1000;
/** Chunks are validated and decided while the ones before them are on their way to disk. */
const CHUNKS_IN_FLIGHT = 3;
const pipe = ledgerValidationPipe();

type Row = Extract<ParsedRow, { kind: string }>;
type Outcome = 'accepted' | 'already-imported' | { kind: 'invalid' | 'refused'; problem: RowProblem };

/**
 * A bulk import of historical facts. Every row is the command the API takes, validated by the same
 * pipe and prepared by the same handler code, then decided by the same deciders on the same command
 * road — only the late-fact window is lifted, and the events are marked with the import and the
 * line. The file is read in chunks; in each, a person's rows run in file order as one series (see
 * SubjectLedger.executeSeries), and every person's writes share the store's group commits. A row's
 * key is its idempotency key, so a second run (or a run resumed after a crash) writes nothing it
 * wrote before. The import is itself recorded: `ImportStarted` (who) and `ImportCompleted` (the
 * file's digest, the counts).
 */
@Injectable()
export class Importer {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly subjects: SubjectLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(request: ImportRequest): Promise<ImportReport> {
    const { importId, actor } = request;
    const dryRun = request.dryRun ?? false;
    if (!dryRun)
      await this.audit(
        importId,
        actor,
        'ImportStarted',
        { importId, format: request.format },
        { format: request.format },
      );
    const digest = createHash('sha256');
    request.input.on('data', (chunk: Buffer | string) => digest.update(chunk));
    const scratch: DryRunScratch | undefined = dryRun ? { heads: new Map(), links: new Map() } : undefined;
    // In canonical form once, so that no event's metadata needs a sorted copy of it.
    const by = { importId, actor: canonicalCopy(actor), scratch };
    const refused: RowProblem[] = [];
    const invalid: RowProblem[] = [];
    let rows = 0;
    let accepted = 0;
    let alreadyImported = 0;
    let failure: unknown;
    const csv = request.format === 'csv' ? new CsvRows() : undefined;
    const tally = (outcome: Outcome) => {
      if (outcome === 'accepted') accepted += 1;
      else if (outcome === 'already-imported') alreadyImported += 1;
      else (outcome.kind === 'invalid' ? invalid : refused).push(outcome.problem);
    };
    const progress = () =>
      request.onProgress?.(accepted + alreadyImported + refused.length + invalid.length, {
        importId,
        dryRun,
        fileDigest: '',
        rows,
        accepted,
        alreadyImported,
        refused: refused.length,
        invalid: invalid.length,
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

    let line = 0;
    for await (const text of createInterface({ input: request.input, crlfDelay: Infinity })) {
      line += 1;
      if (failure) break;
      if (text.trim() === '') continue;
      const parsed: ParsedRow | undefined = csv ? csv.parse(text, line) : parseNdjsonLine(text, line);
      if (!parsed) continue;
      rows += 1;
      if ('error' in parsed) {
        invalid.push({ line: parsed.line, ...(parsed.key ? { key: parsed.key } : {}), ...parsed.error });
        continue;
      }
      if (parsed.kind === 'publish-policy') {
        // A policy version is a barrier: what follows may be judged against it.
        await launch();
        await Promise.all(inFlight.splice(0));
        if (failure) break;
        try {
          tally(await this.publishRow(parsed, by));
        } catch (error) {
          failure ??= error;
        }
        continue;
      }
      chunk.push(parsed);
      if (chunk.length >= CHUNK_ROWS) await launch();
    }
    if (!failure) await launch();
    await Promise.all(inFlight.splice(0));
    // A store that failed stops the import; running it again resumes where it stopped.
    if (failure) throw failure;
    progress();
    const byLine = (a: RowProblem, b: RowProblem) => a.line - b.line;
    const report: ImportReport = {
      importId,
      dryRun,
      fileDigest: digest.digest('hex'),
      rows,
      accepted,
      alreadyImported,
      refused: refused.sort(byLine),
      invalid: invalid.sort(byLine),
    };
    if (!dryRun) {
      const { refused: r, invalid: i, ...counts } = report;
      await this.audit(
        importId,
        actor,
        'ImportCompleted',
        { ...counts, refused: r.length, invalid: i.length },
        { fileDigest: report.fileDigest },
      );
    }
    return report;
  }

  /** Validates a chunk's rows, then runs each person's rows, in file order, as one series. */
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
        const kind = SUBJECT_KINDS[row.kind as SubjectRowKind];
        const dto = await validated(row.body, kind.dto);
        prepared = kind.prepare(this.subjects, dto as never, meta);
      } catch (error) {
        outcomes.push(problemOf(error, row));
        continue;
      }
      const who = 'iin' in prepared.subject ? `iin:${prepared.subject.iin}` : prepared.subject.subjectId;
      const person = people.get(who) ?? { subject: prepared.subject, items: [], rows: [] };
      person.items.push({ command: prepared.command, meta });
      person.rows.push({ row, prepared });
      people.set(who, person);
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
  private async publishRow(row: Row, by: ImportBy): Promise<Outcome> {
    const { policyId, ...body } = row.body;
    try {
      const dto = (await validated(body, PublishPolicyVersionDto)) as PublishPolicyVersionDto;
      // Every command answers with its response body, which says whether it was a replay.
      const answer = (await this.commands.execute(
        new PublishPolicyVersionCommand(String(policyId), dto, metaOf(row, by)),
      )) as { replayed?: boolean };
      return answer.replayed ? 'already-imported' : 'accepted';
    } catch (error) {
      return problemOf(error, row);
    }
  }

  private async audit(importId: string, actor: Actor, type: string, data: object, request: object): Promise<void> {
    const commandId = `${type}:${importId}`;
    await this.executor.execute({
      meta: { commandId, correlationId: `import:${importId}`, actor },
      commandType: type,
      stream: importStream(importId),
      target: importId,
      request,
      occurredAt: this.clock.now(),
      model: HEAD_ONLY,
      decide: () => [{ type, data }],
    });
  }
}

/** Who runs the import, which one, and (in a dry run) where its decisions go instead of the log. */
interface ImportBy {
  readonly importId: string;
  readonly actor: Actor;
  readonly scratch?: DryRunScratch;
}

/** A row's command is sent under its row key, marked with the import and its line. */
function metaOf(row: Row, by: ImportBy): CommandMeta {
  const commandId = `import:${row.key}`;
  return {
    commandId,
    correlationId: commandId,
    actor: by.actor,
    imported: { importId: by.importId, line: row.line, ...(by.scratch ? { dryRun: by.scratch } : {}) },
  };
}

/** The row's body as its command's DTO, through the API's own checks (shape, then the validation pipe). */
async function validated(body: Record<string, unknown>, dto: new () => object): Promise<unknown> {
  // `policyId` is a publication's route parameter, not part of its body; in any other row it is
  // an unknown field, which the pipe reports.
  const { policyId: _routeParam, ...shaped } = body;
  const shape = shapeProblem(shaped);
  if (shape) throw shape;
  return pipe.transform(body, { type: 'body', metatype: dto, data: '' });
}

/** A row's failure as the report shows it; anything that is not the row's fault is thrown on. */
function problemOf(error: unknown, row: { line: number; key: string }): Exclude<Outcome, string> {
  const at = { line: row.line, key: row.key };
  if (error instanceof DomainError) {
    const field = error.details[0]?.field;
    return {
      kind: error.kind === 'invalid' ? 'invalid' : 'refused',
      problem: { ...at, code: error.code, ...(field ? { field } : {}), message: error.message },
    };
  }
  if (error instanceof ProblemException) {
    const reason = (error.extensions as { reason?: { code?: string } }).reason?.code;
    const first = error.errors?.[0];
    const invalid =
      error.code === 'invalid-request' || error.code === 'iin-in-free-text' || error.code === 'unknown-code';
    return {
      kind: invalid ? 'invalid' : 'refused',
      problem: {
        ...at,
        code: reason ?? first?.code ?? error.code,
        ...(first?.field ? { field: first.field } : {}),
        message: first?.message ?? error.message,
      },
    };
  }
  throw error;
}

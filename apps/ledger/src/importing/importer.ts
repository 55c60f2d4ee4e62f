import { Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { DomainError } from '@ledger/consent-domain';
import { Actor, importStream } from '@ledger/ledger-log';
import { AcceptPolicyVersionCommand, AcceptPolicyVersionDto } from '../accepting-policies/accept-policy-version';
import { GrantConsentDto } from '../granting/grant-consent.dto';
import { GrantConsentCommand } from '../granting/grant-consent.handler';
import { ProblemException } from '../http/problems';
import { shapeProblem } from '../http/request-shape';
import { ledgerValidationPipe } from '../http/validation';
import { CommandExecutor, CommandMeta, HEAD_ONLY } from '../ledger/command-executor';
import { DryRunScratch, importScope } from '../ledger/import-scope';
import { KeyedQueue } from '../ledger/keyed-queue';
import { Clock } from '../ledger/clock';
import { LoanEventDto, RecordLoanEventCommand } from '../loans/loans';
import { PublishPolicyVersionCommand, PublishPolicyVersionDto } from '../publishing-policies/publish-policy-version';
import { WithdrawConsentDto } from '../withdrawing/withdraw-consent.dto';
import { WithdrawConsentCommand } from '../withdrawing/withdraw-consent.handler';
import { CsvRows, ParsedRow, parseNdjsonLine, RowKind } from './import-rows';
import { Inject } from '@nestjs/common';
import { CLOCK } from '../ledger/clock';

/** Each kind of row is the HTTP command of the same name: its DTO, its Nest command, its handler. */
const KINDS: Record<
  RowKind,
  { dto: new () => object; command: (dto: never, meta: CommandMeta, body: Record<string, unknown>) => ICommand }
> = {
  'publish-policy': {
    dto: PublishPolicyVersionDto,
    command: (dto: PublishPolicyVersionDto, meta, body) =>
      new PublishPolicyVersionCommand(String(body.policyId), dto, meta),
  },
  grant: { dto: GrantConsentDto, command: (dto: GrantConsentDto, meta) => new GrantConsentCommand(dto, meta) },
  'accept-policy': {
    dto: AcceptPolicyVersionDto,
    command: (dto: AcceptPolicyVersionDto, meta) => new AcceptPolicyVersionCommand(dto, meta),
  },
  withdraw: {
    dto: WithdrawConsentDto,
    command: (dto: WithdrawConsentDto, meta) => new WithdrawConsentCommand(dto, meta),
  },
  'loan-signed': {
    dto: LoanEventDto,
    command: (dto: LoanEventDto, meta) => new RecordLoanEventCommand('signed', dto, meta),
  },
  'loan-fulfilled': {
    dto: LoanEventDto,
    command: (dto: LoanEventDto, meta) => new RecordLoanEventCommand('fulfilled', dto, meta),
  },
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

const IN_FLIGHT = 512;
const pipe = ledgerValidationPipe();

/**
 * A bulk import of historical facts. Every row is the command the API takes, validated by the same
 * pipe and run by the same handler, deciders and command road — only the late-fact window is lifted,
 * and the events are marked with the import and the line. A row's key is its idempotency key, so a
 * second run (or a run resumed after a crash) writes nothing it wrote before. The import is itself
 * recorded: `ImportStarted` (who) and `ImportCompleted` (the file's digest, the counts).
 */
@Injectable()
export class Importer {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
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
    const queue = new KeyedQueue();
    const inFlight = new Set<Promise<void>>();
    let freed: (() => void) | undefined;
    const refused: RowProblem[] = [];
    const invalid: RowProblem[] = [];
    let rows = 0;
    let accepted = 0;
    let alreadyImported = 0;
    let failure: unknown;
    const csv = request.format === 'csv' ? new CsvRows() : undefined;
    const progress = () =>
      request.onProgress?.(rows, {
        importId,
        dryRun,
        fileDigest: '',
        rows,
        accepted,
        alreadyImported,
        refused: refused.length,
        invalid: invalid.length,
      });

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
      const body = parsed.body;
      // A policy version is a barrier: what follows may be judged against it.
      const barrier = parsed.kind === 'publish-policy';
      if (barrier) await Promise.all(inFlight);
      // One person's (or policy's) rows run in file order; different people's side by side.
      const order = typeof body.iin === 'string' ? `iin:${body.iin}` : `policy:${String(body.policyId)}`;
      const task = queue
        .run(order, () =>
          importScope.run({ importId, line: parsed.line, ...(scratch ? { dryRun: scratch } : {}) }, () =>
            this.row(parsed, actor),
          ),
        )
        .then(
          (outcome) => {
            if (outcome === 'accepted') accepted += 1;
            else if (outcome === 'already-imported') alreadyImported += 1;
            else (outcome.kind === 'invalid' ? invalid : refused).push(outcome.problem);
            if ((accepted + alreadyImported + refused.length + invalid.length) % 1000 === 0) progress();
          },
          (error) => (failure ??= error),
        )
        .finally(() => {
          inFlight.delete(task);
          freed?.();
        });
      inFlight.add(task);
      if (barrier) await task;
      // Wait for one slot (Promise.race over every task would pile a reaction on each, per line).
      while (inFlight.size >= IN_FLIGHT) await new Promise<void>((resolve) => (freed = resolve));
    }
    await Promise.all(inFlight);
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

  private async row(
    row: Extract<ParsedRow, { kind: string }>,
    actor: Actor,
  ): Promise<'accepted' | 'already-imported' | { kind: 'invalid' | 'refused'; problem: RowProblem }> {
    const kind = KINDS[row.kind as RowKind];
    const { policyId: _routeParam, ...body } =
      row.kind === 'publish-policy' ? row.body : { ...row.body, policyId: undefined };
    const meta: CommandMeta = { commandId: `import:${row.key}`, correlationId: `import:${row.key}`, actor };
    try {
      const shape = shapeProblem(body);
      if (shape) throw shape;
      const dto = await pipe.transform(row.kind === 'publish-policy' ? body : row.body, {
        type: 'body',
        metatype: kind.dto,
        data: '',
      });
      // Every command answers with its response body, which says whether it was a replay.
      const answer = (await this.commands.execute(kind.command(dto as never, meta, row.body))) as {
        replayed?: boolean;
      };
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

/** A row's failure as the report shows it; anything that is not the row's fault is thrown on. */
function problemOf(
  error: unknown,
  row: { line: number; key: string },
): { kind: 'invalid' | 'refused'; problem: RowProblem } {
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

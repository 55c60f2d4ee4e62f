import { pacedUpload } from '../http/request-deadline';
import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Digests } from '@ledger/ledger-log';
import { Allow } from '../auth/roles';
import { CommandContext } from '../http/command-meta';
import { ApiProblems, KEY_RULE, KEY_SCHEMA } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { OptionalField } from '../http/validation';
import { CommandMeta } from '../ledger/command-executor';
import { Importer } from './importer';
import { IMPORT_MEDIA_TYPE_DETAIL, IMPORT_MEDIA_TYPES } from './import-media';
import { ImportReportDto } from './imports.answers';

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Decide every row and report; write nothing.' })
  @OptionalField()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

@ApiTags('imports')
@Controller('v1/imports')
export class ImportsController {
  constructor(
    private readonly importer: Importer,
    private readonly digests: Digests,
  ) {}

  @Allow('compliance-admin')
  @Post()
  @HttpCode(200)
  @ApiConsumes(...IMPORT_MEDIA_TYPES)
  // Without it the document said nothing of what to send, and promised a 413 a streamed file never gets.
  @ApiBody({
    required: true,
    description:
      'The file, in UTF-8, uncompressed: NDJSON (a row per line, each the body of the matching command with ' +
      'a key and a kind) or CSV (a header row naming its columns). Streamed: no size limit; a row larger ' +
      'than LEDGER_BODY_LIMIT_BYTES is reported invalid (too-large). Formats: docs/notifications-and-imports.md.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({
    summary: 'Import historical facts (NDJSON or CSV, streamed), validated by the same rules as the commands',
    description:
      'The Idempotency-Key names the import (ImportStarted/ImportCompleted in the log); each row key is the ' +
      'row’s own idempotency key, so sending the file again writes nothing new. The late-fact window does not apply.',
  })
  @ApiOkResponse({
    type: ImportReportDto,
    description: 'The report: accepted, alreadyImported, refused (with the reason), invalid (line, field).',
  })
  @ApiProblems(400, 409)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: `Names the import (else 400 idempotency-key-required); ${KEY_RULE}`,
    schema: KEY_SCHEMA,
  })
  async import(@Req() request: FastifyRequest, @Query() query: ImportQueryDto, @CommandContext() meta: CommandMeta) {
    // A media type's name is case-insensitive (RFC 9110 §8.3.1): Text/CSV is text/csv.
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!IMPORT_MEDIA_TYPES.includes(type) || !(request.body instanceof Readable)) {
      throw new ProblemException('unsupported-media-type', IMPORT_MEDIA_TYPE_DETAIL);
    }
    // The file is read as UTF-8 bytes as they come: a file said to be in another charset, or sent
    // compressed, was read as if it were not, every row reported invalid and the import recorded as
    // completed with that digest, so that the same file sent right under the same key was 409.
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(String(request.headers['content-type']))?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      throw new ProblemException('unsupported-media-type', `send the file in UTF-8 (charset=utf-8), not ${charset}`);
    }
    const coding = String(request.headers['content-encoding'] ?? 'identity').trim();
    if (!/^identity$/i.test(coding)) {
      throw new ProblemException(
        'unsupported-media-type',
        `send the file uncompressed (no Content-Encoding ${coding})`,
      );
    }
    // Read as fast as the rows are decided and written: no deadline on its arrival.
    pacedUpload(request.raw);
    return this.importer.run({
      input: request.body,
      format: type === 'text/csv' ? 'csv' : 'ndjson',
      actor: meta.actor,
      importId: this.digests.command(meta.commandId),
      dryRun: query.dryRun === 'true',
    });
  }
}

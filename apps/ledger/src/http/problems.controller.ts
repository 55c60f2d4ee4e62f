import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from './openapi';
import { NoQueryParameters } from './validation';
import { PROBLEMS, ProblemException } from './problems';

export class ProblemTypeDto {
  @ApiProperty({ example: 'unknown-subject', description: 'The stable code problem+json answers carry' })
  code!: string;
  @ApiProperty({ example: 404, description: 'The HTTP status it is always answered with' })
  status!: number;
  @ApiProperty({ example: 'No such person' })
  title!: string;
}

/** Where each problem's `type` points: the code's title and status, so a `type` is never a dead link. */
@ApiTags('problems')
@Controller('problems')
export class ProblemsController {
  @Allow(...EVERYONE)
  @Get()
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({ summary: 'Every problem code the ledger answers with, its status and title' })
  @ApiOkResponse({ type: ProblemTypeDto, isArray: true })
  @ApiProblems(400)
  all(@Query(NoQueryParameters) _query: object) {
    return Object.entries(PROBLEMS).map(([code, p]) => ({ code, ...p }));
  }

  @Allow(...EVERYONE)
  @Get(':code')
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({ summary: 'One problem code: where a problem’s `type` (/problems/<code>) leads' })
  @ApiOkResponse({ type: ProblemTypeDto })
  @ApiProblems(400, 404)
  one(@Param('code') code: string, @Query(NoQueryParameters) _query: object) {
    // Own entries only: `constructor` or `toString` are no problem types, whatever PROBLEMS inherits.
    const problem = Object.hasOwn(PROBLEMS, code)
      ? (PROBLEMS as Record<string, { status: number; title: string }>)[code]
      : undefined;
    // The code is not repeated: a path may hold anything, an IIN too (the instance says it when it may).
    if (!problem) throw new ProblemException('route-not-found', 'no such problem type');
    return { code, ...problem };
  }
}

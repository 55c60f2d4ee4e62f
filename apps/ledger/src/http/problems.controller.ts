import { Allow, EVERYONE } from '../auth/roles';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PROBLEMS, ProblemException } from './problems';

/** Where each problem's `type` points: the code's title and status, so a `type` is never a dead link. */
@ApiExcludeController()
@Controller('problems')
export class ProblemsController {
  @Allow(...EVERYONE)
  @Get()
  @Header('cache-control', 'public, max-age=3600')
  all() {
    return Object.entries(PROBLEMS).map(([code, p]) => ({ code, ...p }));
  }

  @Allow(...EVERYONE)
  @Get(':code')
  @Header('cache-control', 'public, max-age=3600')
  one(@Param('code') code: string) {
    const problem = (PROBLEMS as Record<string, { status: number; title: string }>)[code];
    if (!problem) throw new ProblemException('route-not-found', `no problem type ${code}`);
    return { code, ...problem };
  }
}

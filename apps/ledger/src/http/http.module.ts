import { Module } from '@nestjs/common';
import { ProblemsController } from './problems.controller';

/** The problem types' own pages; the pipes, filter and interceptors are installed in bootstrap. */
@Module({ controllers: [ProblemsController] })
export class HttpModule {}

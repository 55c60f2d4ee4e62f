import { Module } from '@nestjs/common';
import { CommandExecutor } from './command-executor';
import { Identities } from './identities';
import { PolicyReader } from './policy-reader';
import { ReadModels } from './read-models';
import { Recordings } from './recordings';
import { SubjectLedger } from './subject-ledger';

/** The one road to the log (executor, subject ledger) and the read side every feature answers from. */
@Module({
  providers: [CommandExecutor, PolicyReader, SubjectLedger, ReadModels, Identities, Recordings],
  exports: [CommandExecutor, PolicyReader, SubjectLedger, ReadModels, Identities],
})
export class LedgerModule {}

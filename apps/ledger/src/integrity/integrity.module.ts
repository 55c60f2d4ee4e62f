import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CheckpointWriter } from './checkpoint-writer';
import { IntegrityController } from './integrity.controller';
import { GetPublicKeyHandler, ListCheckpointsHandler } from './integrity.queries';
import { StartupVerification } from './startup-verification';

@Module({
  imports: [LedgerModule],
  controllers: [IntegrityController],
  providers: [CheckpointWriter, StartupVerification, GetPublicKeyHandler, ListCheckpointsHandler],
  exports: [StartupVerification],
})
export class IntegrityModule {}

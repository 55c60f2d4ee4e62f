import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { EraseSubjectHandler, ErasureController, RetentionSweeper } from './erasure';

@Module({
  imports: [LedgerModule],
  controllers: [ErasureController],
  providers: [EraseSubjectHandler, RetentionSweeper],
})
export class ErasingModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CloseDeadlineHandler, ClosingDeadlinesController, NotificationLinks } from './close-deadlines';

@Module({
  imports: [LedgerModule],
  controllers: [ClosingDeadlinesController],
  providers: [CloseDeadlineHandler, NotificationLinks],
})
export class ClosingDeadlinesModule {}

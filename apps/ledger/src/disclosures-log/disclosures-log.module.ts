import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DisclosuresLogController, ListDisclosuresHandler } from './disclosures-log';

@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [DisclosuresLogController],
  providers: [ListDisclosuresHandler],
})
export class DisclosuresLogModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AccessLog } from './access-log';
import { AccessLogController } from './access-log.controller';
import { GetAccessReportHandler, ListAccessLogHandler } from './access-log.queries';

/** Imported by every module with an `@AccessLogged` route: its guard hands the `AccessLog` to the route. */
@Module({
  imports: [LedgerModule, MetricsModule],
  controllers: [AccessLogController],
  providers: [AccessLog, ListAccessLogHandler, GetAccessReportHandler],
  exports: [AccessLog],
})
export class AccessLogModule {}

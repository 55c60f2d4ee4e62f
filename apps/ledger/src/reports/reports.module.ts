import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ComplianceReportHandler } from './compliance-report-handler';
import { ComplianceReportsController } from './compliance-reports';

@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [ComplianceReportsController],
  providers: [ComplianceReportHandler],
})
export class ReportsModule {}

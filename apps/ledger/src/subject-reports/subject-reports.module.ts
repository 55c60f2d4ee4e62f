import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { GetSubjectReportHandler, SubjectReportController } from './subject-report';

@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [SubjectReportController],
  providers: [GetSubjectReportHandler],
})
export class SubjectReportsModule {}

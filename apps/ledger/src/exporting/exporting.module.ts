import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ExportController } from './export.controller';

@Module({ imports: [LedgerModule, AccessLogModule], controllers: [ExportController] })
export class ExportingModule {}

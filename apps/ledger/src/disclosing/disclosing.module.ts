import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DisclosingController, RecordDisclosureHandler } from './record-disclosure';

@Module({ imports: [LedgerModule], controllers: [DisclosingController], providers: [RecordDisclosureHandler] })
export class DisclosingModule {}

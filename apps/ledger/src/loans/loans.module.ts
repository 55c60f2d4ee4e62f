import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { LoansController, RecordLoanEventHandler } from './loans';

@Module({ imports: [LedgerModule], controllers: [LoansController], providers: [RecordLoanEventHandler] })
export class LoansModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { WithdrawConsentHandler } from './withdraw-consent.handler';
import { WithdrawingController } from './withdrawing.controller';

@Module({ imports: [LedgerModule], controllers: [WithdrawingController], providers: [WithdrawConsentHandler] })
export class WithdrawingModule {}

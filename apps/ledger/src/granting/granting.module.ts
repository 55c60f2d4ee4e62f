import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { GrantConsentHandler } from './grant-consent.handler';
import { GrantingController } from './granting.controller';

@Module({ imports: [LedgerModule], controllers: [GrantingController], providers: [GrantConsentHandler] })
export class GrantingModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ListPoliciesHandler, PoliciesController } from './policies.controller';

@Module({ imports: [LedgerModule], controllers: [PoliciesController], providers: [ListPoliciesHandler] })
export class PoliciesModule {}

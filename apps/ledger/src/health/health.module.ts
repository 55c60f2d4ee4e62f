import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module';
import { LedgerModule } from '../ledger/ledger.module';
import { HealthController } from './health.controller';

@Module({ imports: [LedgerModule, IntegrityModule], controllers: [HealthController] })
export class HealthModule {}

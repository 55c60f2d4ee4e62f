import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { Importer } from './importer';
import { ImportsController } from './imports.controller';

@Module({ imports: [LedgerModule], controllers: [ImportsController], providers: [Importer] })
export class ImportingModule {}

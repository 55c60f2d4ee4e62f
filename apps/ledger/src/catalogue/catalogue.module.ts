import { Module } from '@nestjs/common';
import { CatalogueController } from './catalogue.controller';
import { GetCatalogueHandler } from './catalogue.queries';

@Module({ controllers: [CatalogueController], providers: [GetCatalogueHandler] })
export class CatalogueModule {}

import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleSessions } from './sessions';

@Module({ controllers: [ConsoleController], providers: [ConsoleSessions], exports: [ConsoleSessions] })
export class ConsoleModule {}

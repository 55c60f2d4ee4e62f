import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AchievingPurposesController, RecordPurposesAchievedHandler } from './record-purposes-achieved';

@Module({
  imports: [LedgerModule],
  controllers: [AchievingPurposesController],
  providers: [RecordPurposesAchievedHandler],
})
export class AchievingPurposesModule {}

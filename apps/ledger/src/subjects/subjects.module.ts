import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { CheckConsentHandler, ConsentCheckController } from './consent-check';
import { ConsentReceiptController, GetReceiptHandler } from './consent-receipt';
import { ConsentStateController, GetConsentStateHandler } from './consent-state';
import { ResolveSubjectController } from './resolve-subject';
import { GetTimelineHandler, TimelineController } from './timeline';

/** What the ledger answers about one person. */
@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [
    ResolveSubjectController,
    ConsentStateController,
    ConsentCheckController,
    TimelineController,
    ConsentReceiptController,
  ],
  providers: [GetConsentStateHandler, CheckConsentHandler, GetTimelineHandler, GetReceiptHandler],
})
export class SubjectsModule {}

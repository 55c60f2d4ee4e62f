import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerModule } from '../ledger/ledger.module';
import { CheckConsentHandler, ConsentCheckController } from './consent-check';
import { ConsentMatrixController, GetConsentMatrixHandler } from './consent-matrix';
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
    ConsentMatrixController,
    TimelineController,
    ConsentReceiptController,
  ],
  providers: [
    GetConsentStateHandler,
    CheckConsentHandler,
    GetConsentMatrixHandler,
    GetTimelineHandler,
    GetReceiptHandler,
  ],
})
export class SubjectsModule {}

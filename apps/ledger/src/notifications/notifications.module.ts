import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerConfig } from '../config/ledger-config';
import { openDeliveryLog } from '../infrastructure/shared-components';
import { LedgerModule } from '../ledger/ledger.module';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ChangeFeed } from './change-feed';
import { ChangesController } from './changes.controller';
import { DeadlineWatch } from './deadline-watch';
import { DELIVERY_LOG, WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksController } from './webhooks.controller';
import { ListAttemptsHandler, ListSubscribersHandler, ReadChangesHandler } from './notifications.queries';

@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [ChangesController, WebhooksController],
  providers: [
    ChangeFeed,
    // Delivery state: a file beside the read models, or PostgreSQL beside the keys; closed with the app.
    {
      provide: DELIVERY_LOG,
      useFactory: (config: LedgerConfig) => openDeliveryLog(config),
      inject: [LEDGER_CONFIG],
    },
    WebhookDispatcher,
    DeadlineWatch,
    ReadChangesHandler,
    ListSubscribersHandler,
    ListAttemptsHandler,
  ],
})
export class NotificationsModule {}

import { Module } from '@nestjs/common';
import { DeliveryLog } from '@ledger/projections';
import { AccessLogModule } from '../access-log/access-log.module';
import { LedgerConfig } from '../config/ledger-config';
import { LedgerModule } from '../ledger/ledger.module';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { ChangeFeed } from './change-feed';
import { ChangesController } from './changes.controller';
import { DeadlineWatch } from './deadline-watch';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [LedgerModule, AccessLogModule],
  controllers: [ChangesController, WebhooksController],
  providers: [
    ChangeFeed,
    // Delivery state lives beside the read models, in a file of its own; closed with the app.
    {
      provide: DeliveryLog,
      useFactory: (config: LedgerConfig) => new DeliveryLog(config.webhooks.file),
      inject: [LEDGER_CONFIG],
    },
    WebhookDispatcher,
    DeadlineWatch,
  ],
})
export class NotificationsModule {}

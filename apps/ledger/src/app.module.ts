import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { LedgerConfig } from './config/ledger-config';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { CommandExecutor } from './ledger/command-executor';
import { PolicyReader } from './ledger/policy-reader';
import { ReadModels } from './ledger/read-models';
import { Identities } from './ledger/identities';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { EraseSubjectHandler, ErasureController, RetentionSweeper } from './erasing/erasure';
import { SubjectLedger } from './ledger/subject-ledger';
import { Clock } from './ledger/clock';
import { EventStore } from '@ledger/event-store';
import { GrantingController } from './granting/granting.controller';
import { GrantConsentHandler } from './granting/grant-consent.handler';
import { WithdrawingController } from './withdrawing/withdrawing.controller';
import { WithdrawConsentHandler } from './withdrawing/withdraw-consent.handler';
import { AcceptingPoliciesController, AcceptPolicyVersionHandler } from './accepting-policies/accept-policy-version';
import { LoansController, RecordLoanEventHandler } from './loans/loans';
import {
  AchievingPurposesController,
  RecordPurposesAchievedHandler,
} from './achieving-purposes/record-purposes-achieved';
import { DisclosingController, RecordDisclosureHandler } from './disclosing/record-disclosure';
import {
  PublishingPoliciesController,
  PublishPolicyVersionHandler,
} from './publishing-policies/publish-policy-version';
import { ConsentStateController, GetConsentStateHandler } from './subjects/consent-state';
import { CheckConsentHandler, ConsentCheckController } from './subjects/consent-check';
import { GetTimelineHandler, TimelineController } from './subjects/timeline';
import { ResolveSubjectController } from './subjects/resolve-subject';
import { ConsentReceiptController, GetReceiptHandler } from './subjects/consent-receipt';
import { DisclosuresLogController, ListDisclosuresHandler } from './disclosures-log/disclosures-log';
import { CatalogueController } from './catalogue/catalogue.controller';
import { ListPoliciesHandler, PoliciesController } from './policies/policies.controller';
import { HealthController } from './health/health.controller';
import { ProblemsController } from './http/problems.controller';
import { IntegrityController } from './integrity/integrity.controller';
import { CheckpointWriter } from './integrity/checkpoint-writer';
import { StartupVerification } from './integrity/startup-verification';
import { ExportController } from './exporting/export.controller';
import { CloseDeadlineHandler, ClosingDeadlinesController, NotificationLinks } from './closing-deadlines/close-deadlines';
import { DeadlineWatch } from './notifications/deadline-watch';
import { Importer } from './importing/importer';
import { ImportsController } from './importing/imports.controller';
import { ComplianceReportHandler, ComplianceReportsController } from './reports/compliance-reports';
import { TokenVerifier } from './auth/token-verifier';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ChangeFeed } from './notifications/change-feed';
import { ChangesController } from './notifications/changes.controller';
import { DeliveryLog } from '@ledger/projections';
import { WebhookDispatcher } from './notifications/webhook-dispatcher';
import { WebhooksController } from './notifications/webhooks.controller';
import { GetSubjectReportHandler, SubjectReportController } from './subject-reports/subject-report';
import { ConsoleController } from './console/console.controller';
import { ConsoleSessions } from './console/sessions';

export interface AppOverrides {
  readonly clock?: Clock;
  readonly store?: EventStore;
}

@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot({ rethrowUnhandled: true }), InfrastructureModule.forConfig(config, overrides)],
      controllers: [
        GrantingController,
        WithdrawingController,
        AcceptingPoliciesController,
        LoansController,
        AchievingPurposesController,
        DisclosingController,
        PublishingPoliciesController,
        ResolveSubjectController,
        ConsentStateController,
        ConsentCheckController,
        TimelineController,
        ConsentReceiptController,
        DisclosuresLogController,
        CatalogueController,
        PoliciesController,
        HealthController,
        ProblemsController,
        IntegrityController,
        ExportController,
        ClosingDeadlinesController,
        ComplianceReportsController,
        ErasureController,
        AccessLogController,
        MetricsController,
        ChangesController,
        WebhooksController,
        ImportsController,
        SubjectReportController,
        ConsoleController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        Metrics,
        {
          provide: TokenVerifier,
          useFactory: (metrics: Metrics) =>
            new TokenVerifier(config.auth, { onOutcome: (outcome) => metrics.tokenVerifications.inc({ outcome }) }),
          inject: [Metrics],
        },
        CommandExecutor,
        PolicyReader,
        SubjectLedger,
        ReadModels,
        Identities,
        AccessLog,
        GrantConsentHandler,
        WithdrawConsentHandler,
        AcceptPolicyVersionHandler,
        RecordLoanEventHandler,
        RecordPurposesAchievedHandler,
        RecordDisclosureHandler,
        PublishPolicyVersionHandler,
        GetConsentStateHandler,
        CheckConsentHandler,
        GetTimelineHandler,
        GetReceiptHandler,
        ListDisclosuresHandler,
        ListPoliciesHandler,
        CheckpointWriter,
        StartupVerification,
        CloseDeadlineHandler,
        ComplianceReportHandler,
        EraseSubjectHandler,
        RetentionSweeper,
        ChangeFeed,
        // Delivery state lives beside the read models, in a file of its own; closed with the app.
        { provide: DeliveryLog, useFactory: () => new DeliveryLog(config.webhooks.file) },
        WebhookDispatcher,
        DeadlineWatch,
        NotificationLinks,
        Importer,
        GetSubjectReportHandler,
        ConsoleSessions,
      ],
    };
  }
}

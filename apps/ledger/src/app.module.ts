import { ProjectionThreadOptions } from '@ledger/projections';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { DataFolderLock, EventStore } from '@ledger/event-store';
import { AcceptingPoliciesModule } from './accepting-policies/accepting-policies.module';
import { AccessLogModule } from './access-log/access-log.module';
import { AchievingPurposesModule } from './achieving-purposes/achieving-purposes.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ClosingDeadlinesModule } from './closing-deadlines/closing-deadlines.module';
import { LedgerConfig } from './config/ledger-config';
import { ConsoleModule } from './console/console.module';
import { DisclosingModule } from './disclosing/disclosing.module';
import { DisclosuresLogModule } from './disclosures-log/disclosures-log.module';
import { ErasingModule } from './erasing/erasing.module';
import { ExportingModule } from './exporting/exporting.module';
import { GrantingModule } from './granting/granting.module';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { ImportingModule } from './importing/importing.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { IntegrityModule } from './integrity/integrity.module';
import { Clock } from './ledger/clock';
import { LoansModule } from './loans/loans.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PoliciesModule } from './policies/policies.module';
import { PublishingPoliciesModule } from './publishing-policies/publishing-policies.module';
import { ReportsModule } from './reports/reports.module';
import { SubjectReportsModule } from './subject-reports/subject-reports.module';
import { SubjectsModule } from './subjects/subjects.module';
import { WithdrawingModule } from './withdrawing/withdrawing.module';

export interface AppOverrides {
  readonly clock?: Clock;
  readonly store?: EventStore;
  /** The read models' thread as built, for the app run from its sources (tests): see InfrastructureModule. */
  readonly projectionThread?: Omit<ProjectionThreadOptions, 'eventsFile'>;
  /** The embedded store's data folder, held by this process (see createLedgerApp). */
  readonly lock?: DataFolderLock;
}

/** One module per feature folder; the buses, the timers and the stores are set up once, here. */
@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot({ rethrowUnhandled: true }),
        ScheduleModule.forRoot(),
        InfrastructureModule.forConfig(config, overrides),
        AuthModule,
        GrantingModule,
        WithdrawingModule,
        AcceptingPoliciesModule,
        LoansModule,
        AchievingPurposesModule,
        DisclosingModule,
        PublishingPoliciesModule,
        SubjectsModule,
        DisclosuresLogModule,
        CatalogueModule,
        PoliciesModule,
        HealthModule,
        HttpModule,
        IntegrityModule,
        ExportingModule,
        ClosingDeadlinesModule,
        ReportsModule,
        ErasingModule,
        AccessLogModule,
        MetricsModule,
        NotificationsModule,
        ImportingModule,
        SubjectReportsModule,
        ConsoleModule,
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../ledger/tokens';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

/** Every route closed unless it says who may call it: the guard is global. */
@Module({
  imports: [MetricsModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: TokenVerifier,
      useFactory: (config: LedgerConfig, metrics: Metrics) =>
        new TokenVerifier(config.auth, { onOutcome: (outcome) => metrics.tokenVerifications.inc({ outcome }) }),
      inject: [LEDGER_CONFIG, Metrics],
    },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AcceptingPoliciesController, AcceptPolicyVersionHandler } from './accept-policy-version';

@Module({
  imports: [LedgerModule],
  controllers: [AcceptingPoliciesController],
  providers: [AcceptPolicyVersionHandler],
})
export class AcceptingPoliciesModule {}

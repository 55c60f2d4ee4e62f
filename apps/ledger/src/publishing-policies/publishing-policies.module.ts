import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PublishingPoliciesController, PublishPolicyVersionHandler } from './publish-policy-version';

@Module({
  imports: [LedgerModule],
  controllers: [PublishingPoliciesController],
  providers: [PublishPolicyVersionHandler],
})
export class PublishingPoliciesModule {}

import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { PaymentsModule } from './payments/payments.module';
import { CustomActionsModule } from './custom-actions/custom-actions.module';
import { KycModule } from './kyc/kyc.module';

/** In-app actions: deposit, withdrawal, KYC, custom actions and chat screens, with exactly-once money. */
@Module({
  imports: [PaymentsModule, KycModule, CustomActionsModule],
  controllers: [moduleStatusController(ModuleKey.InappActions)],
})
export class InappActionsModule {}

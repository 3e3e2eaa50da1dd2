import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';
import { PaymentsModule } from './payments/payments.module';

/** In-app actions: deposit, withdrawal, KYC, custom actions and chat screens, with exactly-once money. */
@Module({
  imports: [PaymentsModule],
  controllers: [moduleStatusController(ModuleKey.InappActions)],
})
export class InappActionsModule {}

import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';

/** Partner attribution: partners, the IB tree, referral ids (3.6–3.8) and the cTrader Invite webhook. */
@Module({ controllers: [moduleStatusController(ModuleKey.PartnerAttribution)] })
export class PartnerAttributionModule {}

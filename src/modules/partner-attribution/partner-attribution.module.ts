import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { AdminPartnersController } from './admin/admin-partners.controller';
import { PartnerAttributionService } from './attribution/partner-attribution.service';
import { SignupAttributionListener } from './attribution/signup-attribution.listener';
import { PartnerAttributionEvent } from './entities/partner-attribution-event.entity';
import { PartnerAttribution } from './entities/partner-attribution.entity';
import { PartnerClosure } from './entities/partner-closure.entity';
import { Partner } from './entities/partner.entity';
import { PartnerAreaQueries } from './partner-area.queries';
import { PartnersService } from './partners.service';
import { ReferralSyncJobHandler } from './referral/referral-sync.job-handler';
import { PartnerAreaController } from './screens/partner-area.controller';
import { PartnerTree } from './tree/partner-tree.service';
import { InviteCredentialGuard } from './webhook/invite-credential.guard';
import { InviteWebhookController } from './webhook/invite-webhook.controller';

/** Partner attribution: partners, the IB tree, referral ids (3.6–3.8) and the cTrader Invite webhook. */
@Module({
  imports: [TypeOrmModule.forFeature([Partner, PartnerClosure, PartnerAttribution, PartnerAttributionEvent])],
  controllers: [moduleStatusController(ModuleKey.PartnerAttribution), InviteWebhookController, PartnerAreaController, AdminPartnersController],
  providers: [
    PartnerTree,
    PartnersService,
    PartnerAttributionService,
    PartnerAreaQueries,
    SignupAttributionListener,
    ReferralSyncJobHandler,
    InviteCredentialGuard,
  ],
})
export class PartnerAttributionModule {}

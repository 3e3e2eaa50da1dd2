import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { AdminPartnersController } from './admin/admin-partners.controller';
import { PartnerAttributionService } from './services/partner-attribution.service';
import { SignupAttributionListener } from './jobs/signup-attribution.listener';
import { PartnerAttributionEvent } from './entities/partner-attribution-event.entity';
import { PartnerAttribution } from './entities/partner-attribution.entity';
import { PartnerClosure } from './entities/partner-closure.entity';
import { Partner } from './entities/partner.entity';
import { PartnerAreaQueries } from './services/partner-area.queries';
import { PartnersService } from './services/partners.service';
import { ReferralSyncJobHandler } from './jobs/referral-sync.job-handler';
import { PartnerAreaController } from './screens/partner-area.controller';
import { PartnerTree } from './services/partner-tree.service';
import { InviteCredentialGuard } from './api/invite-credential.guard';
import { InviteWebhookController } from './api/invite-webhook.controller';
import { PartnerPagesBackOffice } from './back-office/partner-pages-back-office';
import { PartnerPagesController } from './back-office/partner-pages.controller';
import { PartnerTreeView } from './back-office/partner-tree-view.service';
import { TraderPartnerSection } from './back-office/trader-partner.section';

/** Partner attribution: partners, the IB tree, referral ids (3.6–3.8) and the cTrader Invite webhook. */
@Module({
  imports: [TypeOrmModule.forFeature([Partner, PartnerClosure, PartnerAttribution, PartnerAttributionEvent])],
  controllers: [
    moduleStatusController(ModuleKey.PartnerAttribution),
    InviteWebhookController,
    PartnerAreaController,
    AdminPartnersController,
    PartnerPagesController,
  ],
  providers: [
    PartnerTree,
    PartnersService,
    PartnerAttributionService,
    PartnerAreaQueries,
    SignupAttributionListener,
    ReferralSyncJobHandler,
    InviteCredentialGuard,
    PartnerTreeView,
    TraderPartnerSection,
    PartnerPagesBackOffice,
  ],
})
export class PartnerAttributionModule {}

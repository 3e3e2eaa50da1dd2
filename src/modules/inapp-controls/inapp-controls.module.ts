import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { RibbonCampaigns } from './services/ribbon-campaigns.service';
import { RibbonsAdminController } from './admin/ribbons-admin.controller';
import { RibbonPagesBackOffice } from './back-office/ribbon-pages-back-office';
import { RibbonPagesController } from './back-office/ribbon-pages.controller';
import { RibbonCampaign } from './entities/ribbon-campaign.entity';
import { RibbonSweepMark } from './entities/ribbon-sweep-mark.entity';
import { RibbonUserFact } from './entities/ribbon-user-fact.entity';
import { RibbonUserSync } from './entities/ribbon-user-sync.entity';
import { RibbonEventListeners } from './jobs/ribbon-event-listeners';
import { RibbonUserFactStore } from './services/ribbon-user-fact-store.service';
import { RibbonPushJobHandler } from './jobs/ribbon-push.job-handler';
import { RibbonRecomputeJobHandler } from './jobs/ribbon-recompute.job-handler';
import { RibbonScheduleSweep } from './jobs/ribbon-schedule-sweep.service';
import { RibbonSync } from './services/ribbon-sync.service';

/** In-app controls: ribbon campaigns, audiences and the per-user rule sync to cTrader (3.9). See docs/ribbons.md. */
@Module({
  imports: [TypeOrmModule.forFeature([RibbonCampaign, RibbonUserFact, RibbonUserSync, RibbonSweepMark])],
  controllers: [moduleStatusController(ModuleKey.InappControls), RibbonsAdminController, RibbonPagesController],
  providers: [
    RibbonUserFactStore,
    RibbonSync,
    RibbonCampaigns,
    RibbonPushJobHandler,
    RibbonRecomputeJobHandler,
    RibbonScheduleSweep,
    RibbonEventListeners,
    RibbonPagesBackOffice,
  ],
  exports: [RibbonSync, RibbonScheduleSweep],
})
export class InappControlsModule {}

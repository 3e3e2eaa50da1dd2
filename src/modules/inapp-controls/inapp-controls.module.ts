import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';

/** In-app controls: ribbon campaigns, audiences and the per-user rule sync to cTrader (3.9). */
@Module({ controllers: [moduleStatusController(ModuleKey.InappControls)] })
export class InappControlsModule {}

import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';

/** Embedded cTrader Web: client-area pages that open cTrader Web with a fresh one-time token. */
@Module({ controllers: [moduleStatusController(ModuleKey.EmbeddedWeb)] })
export class EmbeddedWebModule {}

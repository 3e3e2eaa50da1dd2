import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';

/** Light identity: cTrader stays the identity provider; in-app screens redeem a cTrader one-time token. */
@Module({ controllers: [moduleStatusController(ModuleKey.LightIdentity)] })
export class LightIdentityModule {}

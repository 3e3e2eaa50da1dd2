import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';

/** Full SSO: the broker is cTrader's identity provider (4.1–4.5, login/signup screens, signup saga). */
@Module({ controllers: [moduleStatusController(ModuleKey.FullSso)] })
export class FullSsoModule {}

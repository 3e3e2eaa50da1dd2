import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status/module-status.controller';
import { CrmApiTokenGuard } from './api/crm-api-token.guard';
import { CtraderApiController } from './api/ctrader-api.controller';
import { ExchangeLoginToken } from './usecases/exchange-login-token.usecase';
import { GenerateInappToken } from './usecases/generate-inapp-token.usecase';
import { LogoutFromCtrader } from './usecases/logout-from-ctrader.usecase';
import { SsoScreensController } from './screens/sso-screens.controller';
import { AccountOpening } from './signup/account-opening.service';
import { SignupSaga } from './signup/signup-saga.service';
import { FullSsoInappRedeemer } from './inapp/full-sso-inapp-redeemer';

/** Full SSO: the broker is cTrader's identity provider (4.1–4.5, login/signup screens, signup saga). */
@Module({
  controllers: [moduleStatusController(ModuleKey.FullSso), CtraderApiController, SsoScreensController],
  providers: [CrmApiTokenGuard, ExchangeLoginToken, GenerateInappToken, LogoutFromCtrader, SignupSaga, AccountOpening, FullSsoInappRedeemer],
})
export class FullSsoModule {}

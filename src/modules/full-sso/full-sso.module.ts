import { Module } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { ChangeEmailJobHandler } from './jobs/change-email.job-handler';
import { EmailChange } from './services/email-change.service';
import { PasswordReset } from './services/password-reset.service';
import { AccountTokenService } from './services/account-token.service';
import { CrmApiTokenGuard } from './api/crm-api-token.guard';
import { CtraderApiController } from './api/ctrader-api.controller';
import { CtraderApiDirectRoutes } from './api/ctrader-api.direct-routes';
import { FullSsoInappRedeemer } from './services/full-sso-inapp-redeemer';
import { SsoMail } from './mail/sso-mail.service';
import { AccountSecurityScreensController } from './screens/account-security-screens.controller';
import { SsoNavigation } from './screens/sso-navigation';
import { SsoScreensController } from './screens/sso-screens.controller';
import { AccountOpening } from './services/account-opening.service';
import { SignupSaga } from './services/signup-saga.service';
import { SignupEmailVerification } from './services/signup-email-verification.service';
import { ExchangeLoginToken } from './services/exchange-login-token.usecase';
import { GenerateInappToken } from './services/generate-inapp-token.usecase';
import { LogoutFromCtrader } from './services/logout-from-ctrader.usecase';
import { SupportEmails } from './services/support-emails.service';
import { AdminTraderEmailsController } from './admin/admin-trader-emails.controller';

/**
 * Full SSO: the broker is cTrader's identity provider (4.1–4.5, login/signup, reset password, change password and
 * email, the signup saga and its emails).
 */
@Module({
  controllers: [
    moduleStatusController(ModuleKey.FullSso),
    CtraderApiController,
    SsoScreensController,
    AccountSecurityScreensController,
    AdminTraderEmailsController,
  ],
  providers: [
    CrmApiTokenGuard,
    CtraderApiDirectRoutes,
    ExchangeLoginToken,
    GenerateInappToken,
    LogoutFromCtrader,
    SignupSaga,
    SignupEmailVerification,
    AccountOpening,
    FullSsoInappRedeemer,
    SsoNavigation,
    SsoMail,
    AccountTokenService,
    PasswordReset,
    EmailChange,
    ChangeEmailJobHandler,
    SupportEmails,
  ],
})
export class FullSsoModule {}

import { AdminApiKey, StaffInvite, StaffMember, StaffRecoveryCode, StaffSession } from '../kernel/admin-access';
import { AuditEvent } from '../kernel/audit';
import { Job } from '../kernel/jobs';
import { EmailMessage } from '../kernel/mail';
import { AccountToken } from '../modules/full-sso/entities/account-token.entity';
import { SignupCodeSend } from '../modules/full-sso/entities/signup-code-send.entity';
import { SignupVerification } from '../modules/full-sso/entities/signup-verification.entity';
import { AccessToken, CrmApiToken, InappToken, OneTimeToken } from '../kernel/tokens';
import { InappTokenRedemption, ScreenSession } from '../kernel/screens';
import { LoginDevice, TraderConsent, TraderUser, TradingAccount } from '../kernel/users';
import { BalanceChangeAttempt } from '../kernel/ctrader-gateway';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../kernel/webhooks';
import { PaymentRequest } from '../modules/inapp-actions/payments/entities/payment-request.entity';
import { KycDocument } from '../modules/inapp-actions/kyc/entities/kyc-document.entity';
import { KycSubmission } from '../modules/inapp-actions/kyc/entities/kyc-submission.entity';
import { RibbonCampaign } from '../modules/inapp-controls/entities/ribbon-campaign.entity';
import { RibbonSweepMark } from '../modules/inapp-controls/entities/ribbon-sweep-mark.entity';
import { RibbonUserFact } from '../modules/inapp-controls/entities/ribbon-user-fact.entity';
import { RibbonUserSync } from '../modules/inapp-controls/entities/ribbon-user-sync.entity';
import { Partner } from '../modules/partner-attribution/entities/partner.entity';
import { PartnerAttributionEvent } from '../modules/partner-attribution/entities/partner-attribution-event.entity';
import { PartnerAttribution } from '../modules/partner-attribution/entities/partner-attribution.entity';
import { PartnerClosure } from '../modules/partner-attribution/entities/partner-closure.entity';

/**
 * Every entity of every module. The schema is the same for every deployment (a module switched off keeps its
 * tables), so migrations stay linear whatever modules a broker turns on later.
 */
export const ENTITIES = [
  AuditEvent,
  AdminApiKey,
  StaffMember,
  StaffSession,
  StaffInvite,
  StaffRecoveryCode,
  TraderUser,
  TradingAccount,
  LoginDevice,
  CrmApiToken,
  OneTimeToken,
  AccessToken,
  InappToken,
  ScreenSession,
  Job,
  BalanceChangeAttempt,
  InappTokenRedemption,
  PaymentRequest,
  KycSubmission,
  KycDocument,
  RibbonCampaign,
  RibbonUserFact,
  RibbonUserSync,
  RibbonSweepMark,
  EmailMessage,
  AccountToken,
  SignupVerification,
  SignupCodeSend,
  Partner,
  PartnerClosure,
  PartnerAttribution,
  PartnerAttributionEvent,
  TraderConsent,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
];

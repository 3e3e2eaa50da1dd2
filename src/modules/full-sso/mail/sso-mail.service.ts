import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { BrokerContext } from '../../../kernel/broker-identification';
import { MailService, MailTemplates } from '../../../kernel/mail';
import { TraderUser } from '../../../kernel/users';
import {
  EMAIL_CHANGE_MAIL,
  EMAIL_IN_USE_MAIL,
  EMAIL_VERIFY_MAIL,
  PASSWORD_RESET_MAIL,
  SIGNUP_ATTEMPT_MAIL,
  SIGNUP_CODE_MAIL,
  WELCOME_MAIL,
} from './sso-mail-templates';
import { SSO_MAIL_TRANSLATIONS } from './sso-mail-translations';

/** Full SSO's emails, each in the user's preferred language, each queued in the caller's transaction. */
@Injectable()
export class SsoMail implements OnModuleInit {
  constructor(
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.templates.register(WELCOME_MAIL, SSO_MAIL_TRANSLATIONS);
    this.templates.register(PASSWORD_RESET_MAIL);
    this.templates.register(EMAIL_CHANGE_MAIL);
    this.templates.register(SIGNUP_CODE_MAIL);
    this.templates.register(SIGNUP_ATTEMPT_MAIL);
    this.templates.register(EMAIL_IN_USE_MAIL);
    this.templates.register(EMAIL_VERIFY_MAIL);
  }

  /** The 6-digit signup code, to an address nobody has proven yet (so: no typed name in it). */
  signupCode(broker: BrokerContext, to: string, code: string, language: string, manager: EntityManager) {
    const minutes = broker.config.fullSso.signup.codeTtlMinutes;
    return this.mail.queue({ brokerName: broker.brokerName, to, template: SIGNUP_CODE_MAIL.name, language, params: { code, minutes } }, manager);
  }

  /** To the owner of an address someone tried to sign up with: log in or reset (the screen never says the address is taken). */
  signupAttempt(broker: BrokerContext, owner: TraderUser, manager: EntityManager) {
    const lang = owner.preferredLanguage;
    const params = {
      firstName: owner.firstName,
      loginLink: this.link(broker, '/auth/login', lang),
      resetLink: this.link(broker, '/auth/reset-password', lang),
    };
    return this.mail.queue({ brokerName: broker.brokerName, to: owner.email, template: SIGNUP_ATTEMPT_MAIL.name, language: lang, params }, manager);
  }

  /** To the owner of an address another profile asked to change to. */
  emailInUse(broker: BrokerContext, owner: TraderUser, manager?: EntityManager) {
    return this.mail.queue(
      {
        brokerName: broker.brokerName,
        to: owner.email,
        template: EMAIL_IN_USE_MAIL.name,
        language: owner.preferredLanguage,
        params: { firstName: owner.firstName },
      },
      manager,
    );
  }

  /** Once per user (idempotency key), however often the last signup step is retried. */
  welcome(broker: BrokerContext, user: TraderUser, accountLogin: number | null, manager?: EntityManager) {
    return this.mail.queue(
      {
        brokerName: broker.brokerName,
        to: user.email,
        template: WELCOME_MAIL.name,
        language: user.preferredLanguage,
        params: { firstName: user.firstName, accountLogin },
        idempotencyKey: `welcome:${user.id}`,
      },
      manager,
    );
  }

  passwordReset(broker: BrokerContext, user: TraderUser, token: string, manager: EntityManager) {
    const minutes = broker.config.fullSso.passwordResetTtlMinutes;
    const link = this.link(broker, '/auth/reset-password/confirm', user.preferredLanguage, token);
    return this.mail.queue(
      {
        brokerName: broker.brokerName,
        to: user.email,
        template: PASSWORD_RESET_MAIL.name,
        language: user.preferredLanguage,
        params: { firstName: user.firstName, link, minutes },
      },
      manager,
    );
  }

  /** A link that confirms the address the profile has (the page asks for one click: mail scanners open links, they do not submit forms). */
  emailVerify(broker: BrokerContext, user: TraderUser, token: string, manager: EntityManager) {
    const minutes = broker.config.fullSso.emailChangeTtlMinutes;
    const link = this.link(broker, '/auth/verify-email/confirm', user.preferredLanguage, token);
    return this.mail.queue(
      {
        brokerName: broker.brokerName,
        to: user.email,
        template: EMAIL_VERIFY_MAIL.name,
        language: user.preferredLanguage,
        params: { firstName: user.firstName, link, minutes },
      },
      manager,
    );
  }

  emailChange(broker: BrokerContext, user: TraderUser, newEmail: string, token: string, manager: EntityManager) {
    const minutes = broker.config.fullSso.emailChangeTtlMinutes;
    const link = this.link(broker, '/account/email/confirm', user.preferredLanguage, token);
    return this.mail.queue(
      {
        brokerName: broker.brokerName,
        to: newEmail,
        template: EMAIL_CHANGE_MAIL.name,
        language: user.preferredLanguage,
        params: { firstName: user.firstName, link, newEmail, minutes },
      },
      manager,
    );
  }

  /**
   * An absolute link for an email: the public base URL, the broker ids (the link opens outside cTrader, with no
   * host mapping guaranteed), the user's language, and the single-use secret (if any) as `t`.
   */
  private link(broker: BrokerContext, path: string, lang: string, token?: string): string {
    const { baseUrl, basePath } = this.config.server;
    let base = baseUrl.replace(/\/+$/, '');
    if (basePath && !base.endsWith(basePath)) base += basePath;
    const q = new URLSearchParams({ brokerName: broker.brokerName, brokerCrmName: broker.brokerCrmName, lang, ...(token ? { t: token } : {}) });
    return `${base}${path}?${q.toString()}`;
  }
}

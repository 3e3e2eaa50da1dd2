import type { MailTemplate } from '../../../kernel/mail';

/**
 * Full SSO's emails. HTML and text bodies are Eta (the HTML instance escapes `<%= %>`); strings come from
 * sso-mail-translations.ts in the recipient's preferred language.
 */
const button = (hrefExpr: string, labelKey: string) =>
  `<p style="margin:24px 0;"><a href="<%= ${hrefExpr} %>" style="display:inline-block;background:#0b5fff;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold;"><%= it.t('${labelKey}') %></a></p>
<p style="font-size:13px;color:#5b6475;word-break:break-all;"><%= it.t('sso.linkFallback') %><br><a href="<%= ${hrefExpr} %>" style="color:#0b5fff;"><%= ${hrefExpr} %></a></p>`;

export const WELCOME_MAIL: MailTemplate = {
  name: 'sso.welcome',
  subjectKey: 'sso.welcome.subject',
  html: `<% layout(it.layout, { title: it.t('sso.welcome.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.welcome.body') %></p>
<% if (it.accountLogin) { %><p><%= it.t('sso.welcome.account', { login: it.accountLogin }) %></p><% } %>
<p><%= it.t('sso.welcome.closing') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.welcome.body') %>
<% if (it.accountLogin) { -%>

<%= it.t('sso.welcome.account', { login: it.accountLogin }) %>
<% } -%>

<%= it.t('sso.welcome.closing') %>`,
};

export const PASSWORD_RESET_MAIL: MailTemplate = {
  name: 'sso.passwordReset',
  secretParams: ['link'],
  subjectKey: 'sso.passwordReset.subject',
  html: `<% layout(it.layout, { title: it.t('sso.passwordReset.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.passwordReset.body', { minutes: it.minutes }) %></p>
${button('it.link', 'sso.passwordReset.button')}
<p><%= it.t('sso.passwordReset.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.passwordReset.body', { minutes: it.minutes }) %>

<%= it.link %>

<%= it.t('sso.passwordReset.ignore') %>`,
};

export const EMAIL_CHANGE_MAIL: MailTemplate = {
  name: 'sso.emailChange',
  secretParams: ['link'],
  subjectKey: 'sso.emailChange.subject',
  html: `<% layout(it.layout, { title: it.t('sso.emailChange.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.emailChange.body', { email: it.newEmail, minutes: it.minutes }) %></p>
${button('it.link', 'sso.emailChange.button')}
<p><%= it.t('sso.emailChange.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.emailChange.body', { email: it.newEmail, minutes: it.minutes }) %>

<%= it.link %>

<%= it.t('sso.emailChange.ignore') %>`,
};

/** Confirms the address of an existing profile (sent by support, issue #19): a link to a page with a button. */
export const EMAIL_VERIFY_MAIL: MailTemplate = {
  name: 'sso.emailVerify',
  secretParams: ['link'],
  subjectKey: 'sso.emailVerify.subject',
  html: `<% layout(it.layout, { title: it.t('sso.emailVerify.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.emailVerify.body', { minutes: it.minutes }) %></p>
${button('it.link', 'sso.emailVerify.button')}
<p><%= it.t('sso.emailVerify.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.emailVerify.body', { minutes: it.minutes }) %>

<%= it.link %>

<%= it.t('sso.emailVerify.ignore') %>`,
};

/**
 * The signup code (flows §2.3 "Email ownership"). No name the form typed appears in it: whoever types a stranger's
 * address must not be able to make the broker send that stranger words of their choosing.
 */
export const SIGNUP_CODE_MAIL: MailTemplate = {
  name: 'sso.signupCode',
  subjectKey: 'sso.signupCode.subject',
  secretParams: ['code'],
  html: `<% layout(it.layout, { title: it.t('sso.signupCode.subject') }) %>
<p><%= it.t('sso.signupCode.body', { minutes: it.minutes }) %></p>
<p style="margin:24px 0;font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace;"><%= it.code %></p>
<p><%= it.t('sso.signupCode.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.signupCode.body', { minutes: it.minutes }) %>

<%= it.code %>

<%= it.t('sso.signupCode.ignore') %>`,
};

/** Sent instead of a code when the address already has a profile: its owner learns of it, the screen does not say. */
export const SIGNUP_ATTEMPT_MAIL: MailTemplate = {
  name: 'sso.signupAttempt',
  subjectKey: 'sso.signupAttempt.subject',
  html: `<% layout(it.layout, { title: it.t('sso.signupAttempt.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.signupAttempt.body') %></p>
<p><%= it.t('sso.signupAttempt.action') %></p>
<p style="margin:24px 0;"><a href="<%= it.loginLink %>" style="color:#0b5fff;"><%= it.t('sso.signupAttempt.login') %></a> · <a href="<%= it.resetLink %>" style="color:#0b5fff;"><%= it.t('sso.signupAttempt.reset') %></a></p>
<p><%= it.t('sso.signupAttempt.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.signupAttempt.body') %>

<%= it.t('sso.signupAttempt.action') %>

<%= it.t('sso.signupAttempt.login') %>: <%= it.loginLink %>
<%= it.t('sso.signupAttempt.reset') %>: <%= it.resetLink %>

<%= it.t('sso.signupAttempt.ignore') %>`,
};

/** Change-email to an address another profile uses: that profile's owner is told, the screen answers as usual. */
export const EMAIL_IN_USE_MAIL: MailTemplate = {
  name: 'sso.emailInUse',
  subjectKey: 'sso.emailInUse.subject',
  html: `<% layout(it.layout, { title: it.t('sso.emailInUse.subject') }) %>
<p><%= it.t('sso.greeting', { name: it.firstName }) %></p>
<p><%= it.t('sso.emailInUse.body') %></p>
<p><%= it.t('sso.emailInUse.ignore') %></p>`,
  text: `<% layout(it.layout) %><%= it.t('sso.greeting', { name: it.firstName }) %>

<%= it.t('sso.emailInUse.body') %>

<%= it.t('sso.emailInUse.ignore') %>`,
};

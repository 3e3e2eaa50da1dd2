import type { MailTemplate } from '../../mail';

/** The invitation a new back-office person receives; the link is single use and expires (StaffConfig.inviteTtlHours). */
export const STAFF_INVITE_MAIL: MailTemplate = {
  name: 'staff.invite',
  subjectKey: 'staff.invite.subject',
  secretParams: ['link'],
  html: `<% layout(it.layout, { title: it.t('staff.invite.subject') }) %>
<p><%= it.t('staff.invite.body', { name: it.displayName }) %></p>
<p><a href="<%= it.link %>"><%= it.link %></a></p>
<p><%= it.t('staff.invite.expires', { hours: it.hours }) %></p>`,
  text: `<% layout(it.layout) %><%= it.t('staff.invite.body', { name: it.displayName }) %>
<%= it.link %>
<%= it.t('staff.invite.expires', { hours: it.hours }) %>`,
};

/** Staff write English in the back office; the strings exist in English only (the fallback of every language). */
export const STAFF_INVITE_TRANSLATIONS = {
  en: {
    staff: {
      invite: {
        subject: 'Your back-office account',
        body: 'Hello {{name}}, you have been invited to the back office. Choose your password with this link, then set up two-factor authentication:',
        expires: 'The link works once, within {{hours}} hours.',
      },
    },
  },
};

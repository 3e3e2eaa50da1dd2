/**
 * The shared frame of every email: inline styles only (mail clients drop <style> and external CSS), the
 * broker's name on top, the legal entity and jurisdiction below (as on the screens, spec §2.1).
 */
export const MAIL_LAYOUT_HTML = `<!doctype html>
<html lang="<%= it.lang %>" dir="<%= it.dir %>">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title><%= it.title %></title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1d2330;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 12px;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:24px;">
<tr><td style="font-size:18px;font-weight:bold;padding-bottom:16px;"><%= it.brand.name %></td></tr>
<tr><td style="font-size:15px;line-height:1.5;"><%~ it.body %></td></tr>
<tr><td style="font-size:12px;color:#5b6475;padding-top:24px;border-top:1px solid #e3e6eb;"><%= it.t('common.automated') %><br><%= it.brand.legalEntity %><% if (it.brand.jurisdiction) { %> · <%= it.brand.jurisdiction %><% } %></td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

export const MAIL_LAYOUT_TEXT = `<%~ it.body %>

--
<%~ it.t('common.automated') %>
<%~ it.brand.legalEntity %><% if (it.brand.jurisdiction) { %> · <%~ it.brand.jurisdiction %><% } %>
`;

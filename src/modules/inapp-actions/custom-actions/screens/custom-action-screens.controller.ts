import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_TYPE, CustomActionConfig } from '../../../../config/custom-actions-config';
import { LocalizedText, resolveLocalizedText } from '../../../../config/localized-text';
import { ModuleKey } from '../../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../../kernel/broker-identification';
import {
  InappEntryService,
  Screen,
  SCREEN_TEMPLATES,
  ScreenContext,
  ScreenException,
  ScreenRenderer,
  ScreenRoute,
  ScreenSession,
  ScreenTranslator,
} from '../../../../kernel/screens';
import { CUSTOM_ACTIONS_TRANSLATIONS } from './custom-actions-translations';

const CHAT_TEMPLATE = '@custom-actions/chat';

/** The in-app screens each built-in action page leads to (routes of this deployment's in-app screens). */
const BUILTIN_PATHS: Record<string, string> = { kyc: '/inapp/kyc', chat: '/inapp/chat', deposit: '/inapp/deposit', withdraw: '/inapp/withdraw' };

/**
 * `/inapp/action?actionType=…` and `/inapp/chat` (spec §2.2). Both enter through InappEntryService (the 4.4 token
 * is consumed once into an in-app session; `account` must be the trader's). An action leads to the URL the broker
 * configured for it — only that URL, whatever the request says, so there is no open redirect — or to one of our
 * screens; an unknown actionType is a 404 page.
 */
@Controller('inapp')
@ScreenRoute(ModuleKey.InappActions)
export class CustomActionScreensController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly entry: InappEntryService,
    translator: ScreenTranslator,
  ) {
    screens.defineTemplate(CHAT_TEMPLATE, readFileSync(join(__dirname, 'templates', 'chat.eta'), 'utf8'));
    translator.addTranslations(CUSTOM_ACTIONS_TRANSLATIONS);
  }

  @Get('action')
  async action(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Query('actionType') actionType: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const type = typeof actionType === 'string' && ACTION_TYPE.test(actionType) ? actionType : undefined;
    const action = type !== undefined ? broker.config.customActions.actions.get(type) : undefined;
    // Checked before the token is used: a link to an action the broker does not offer does not burn the token.
    if (!type || !action) throw new ScreenException(404, 'action.notFound', { titleKey: 'action.notFoundTitle', code: 'ACTION_NOT_FOUND' });
    const { session, enteredWithToken } = await this.entry.enter(req, reply, broker, ctx);
    if (action.url !== undefined && action.builtin === undefined) return reply.redirect(action.url, 303);
    if (action.builtin === 'info') {
      if (enteredWithToken) return reply.redirect(ctx.self({ actionType: type, ...accountParam(ctx, session) }), 303);
      return this.screens.render(
        reply,
        SCREEN_TEMPLATES.message,
        { tone: 'info', title: localized(action.title, ctx), message: localized(action.text, ctx) },
        ctx,
        {
          closable: true,
        },
      );
    }
    return reply.redirect(builtinTarget(action, ctx, session), 303);
  }

  @Get('chat')
  async chat(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const chat = broker.config.customActions.chat;
    if (!chat) throw new ScreenException(404, 'chat.notConfigured', { titleKey: 'action.notFoundTitle', code: 'CHAT_NOT_CONFIGURED' });
    const { session, enteredWithToken } = await this.entry.enter(req, reply, broker, ctx);
    if (enteredWithToken) return reply.redirect(ctx.self(accountParam(ctx, session)), 303);
    return this.screens.render(reply, CHAT_TEMPLATE, { url: chat.url, embed: chat.embed }, ctx, {
      closable: true,
      ...(chat.embed ? { csp: { frame: [chat.url] } } : {}),
    });
  }
}

function builtinTarget(action: CustomActionConfig, ctx: ScreenContext, session: ScreenSession): string {
  const page = action.builtin as string;
  return ctx.carry(BUILTIN_PATHS[page], { ...accountParam(ctx, session), eventName: ctx.eventNameFor(page, { [page]: action.eventName }) });
}

function accountParam(ctx: ScreenContext, session: ScreenSession): Record<string, string | undefined> {
  return { account: ctx.account ?? (session.accountLogin !== null ? String(session.accountLogin) : undefined) };
}

/** The text in the screen's language, else the broker's default language, else any given (resolveLocalizedText). */
function localized(text: LocalizedText | undefined, ctx: ScreenContext): string {
  return resolveLocalizedText(text, ctx.lang, ctx.broker?.config.branding.defaultLanguage);
}

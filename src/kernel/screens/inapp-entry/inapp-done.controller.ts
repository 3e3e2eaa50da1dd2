import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SCREEN_TEMPLATES } from '../rendering/screen-assets';
import { ScreenRenderer } from '../rendering/screen-renderer.service';
import { ScreenRoute } from '../screen-route.decorator';
import { Screen } from '../screen.decorator';
import type { ScreenContext } from '../screen-context';

/**
 * The end page of in-app screens for a broker without Full SSO (Light identity), where the Full SSO module's
 * `/callback/success` answers 404 MODULE_DISABLED (or does not exist when Full SSO is not deployed). Same page:
 * "All done, you can close this window". No token, nothing stored; any identified broker may show it.
 * A broker whose app watches another URL sets `successUrl`/`closeUrl`, which win (ScreenRenderer.closeHref).
 */
@Controller('inapp/done')
@ScreenRoute()
export class InappDoneController {
  constructor(private readonly screens: ScreenRenderer) {}

  @Get()
  done(@Screen() ctx: ScreenContext, @Res() reply: FastifyReply) {
    return this.screens.render(reply, SCREEN_TEMPLATES.message, { tone: 'success', title: ctx.t('success.title'), message: ctx.t('success.message') }, ctx);
  }
}

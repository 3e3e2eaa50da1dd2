import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BrokerContext } from '../../src/kernel/broker-identification/broker-context';
import { CurrentBroker } from '../../src/kernel/broker-identification/current-broker.decorator';
import { InappEntryService, Screen, SCREEN_TEMPLATES, ScreenContext, ScreenException, ScreenRenderer, ScreenRoute } from '../../src/kernel/screens';
import { UsersService } from '../../src/kernel/users/users.service';

/**
 * A test-only in-app screen that enters exactly as the deposit screen will (InappEntryService.enter(), then
 * post/redirect/get without the token) and shows who it opened for: the user's email and the account.
 * No module gate: the identity mode of the broker decides, which is what these tests are about.
 */
@Controller('test-inapp/probe')
@ScreenRoute()
export class InappProbeScreenController {
  constructor(
    private readonly entry: InappEntryService,
    private readonly screens: ScreenRenderer,
    private readonly users: UsersService,
  ) {}

  @Get()
  async show(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { session, enteredWithToken } = await this.entry.enter(request, reply, broker, ctx);
    if (enteredWithToken) return reply.redirect(ctx.self({ account: ctx.account ?? session.accountLogin ?? undefined }), 303);
    const user = await this.users.findById(broker.brokerName, Number(session.userId));
    if (!user) throw new ScreenException(401, 'errors.sessionExpired');
    const account = ctx.account ?? (session.accountLogin === null ? '-' : String(session.accountLogin));
    return this.screens.render(reply, SCREEN_TEMPLATES.message, { tone: 'info', title: 'Probe', message: `user=${user.email} account=${account}` }, ctx, {
      closable: true,
    });
  }
}

@Module({ controllers: [InappProbeScreenController] })
export class InappProbeScreenModule {}

import { FastifyInstance, FastifyReply } from 'fastify';
import { SimulatorContext } from '../simulator-context';
import { APP_PAGE_SCRIPT } from './app-page.script';
import { renderAppPage, renderSuccessLanding } from './app-page.html';

/**
 * The app simulator page: a cTrader app a person can click through against the configured broker server.
 * GET /app (the page), /app/app.js (its script), /app/config (where the broker server is; no secrets) and
 * /app/success — the success URL a broker points at the app, which the page watches its frame arrive on.
 * The page drives the app side through the existing /__sim/app/* calls (4.2–4.5 made by the simulator).
 */
export function registerAppPageRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const html = (reply: FastifyReply, body: string) =>
    reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(body);

  app.get('/app', async (_request, reply) => html(reply, renderAppPage(ctx.brokerServerTarget)));
  // The success URL carries the OT token: no caching, no Referer; the page never prints the token.
  app.get('/app/success', async (_request, reply) => html(reply, renderSuccessLanding()));
  app.get('/app/app.js', async (_request, reply) =>
    reply.code(200).header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-store').send(APP_PAGE_SCRIPT),
  );
  app.get('/app/config', async () => ({ brokerServer: ctx.brokerServerTarget }));
}

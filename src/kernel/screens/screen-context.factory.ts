import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import type { BrokerContext } from '../broker-identification/broker-context';
import { resolveScreenLanguage } from './i18n/screen-languages';
import { ScreenTranslator } from './i18n/screen-translator.service';
import { ScreenContext } from './screen-context';
import { parseScreenQuery } from './screen-query';

/** Builds the ScreenContext of a request: query parsed, language resolved against the broker's default. */
@Injectable()
export class ScreenContextFactory {
  constructor(
    private readonly config: AppConfig,
    private readonly translator: ScreenTranslator,
  ) {}

  create(request: FastifyRequest, broker?: BrokerContext): ScreenContext {
    const query = parseScreenQuery(request.query);
    const lang = resolveScreenLanguage(query.lang, broker?.config.branding.defaultLanguage);
    const basePath = this.config.server.basePath;
    const pathname = (request.url ?? '/').split('?')[0];
    const path = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname;
    return new ScreenContext({
      query,
      lang,
      t: this.translator.translator(lang),
      basePath,
      // A path that came in oddly (`//x`, backslashes) is not one we link back to.
      path: /^\/(?![/\\])[^\\\s#]*$/.test(path) ? path : '/',
      broker,
      requestId: request.id,
    });
  }
}

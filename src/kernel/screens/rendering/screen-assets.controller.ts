import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ScreenAssets } from './screen-assets';

/** Serves the screens' one stylesheet from our origin (CSP style-src 'self'; no CDN, no third party). */
@ApiExcludeController()
@Controller('assets')
export class ScreenAssetsController {
  constructor(private readonly assets: ScreenAssets) {}

  @Get('screens.css')
  css(@Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    // A versioned URL never changes content: cache it for a year. An unversioned one may, so briefly.
    const cache = version === this.assets.cssVersion ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
    reply.header('cache-control', cache).header('etag', this.assets.cssEtag).header('x-content-type-options', 'nosniff');
    if (ifNoneMatch === this.assets.cssEtag) {
      reply.status(304).send();
      return;
    }
    reply.header('content-type', 'text/css; charset=utf-8').send(this.assets.css);
  }
}

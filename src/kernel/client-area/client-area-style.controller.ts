import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClientAreaStyle } from './client-area-style';

/** Serves the client area's stylesheet from our origin (CSP style-src 'self'), like the kernel's screens.css. */
@ApiExcludeController()
@Controller('client/assets')
export class ClientAreaStyleController {
  constructor(private readonly style: ClientAreaStyle) {}

  @Get('client-area.css')
  css(@Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    const cache = version === this.style.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
    reply.header('cache-control', cache).header('etag', this.style.etag).header('x-content-type-options', 'nosniff');
    if (ifNoneMatch === this.style.etag) {
      reply.status(304).send();
      return;
    }
    reply.header('content-type', 'text/css; charset=utf-8').send(this.style.css);
  }
}

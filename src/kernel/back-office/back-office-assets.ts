import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Headers, Injectable, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ScreenAssets } from '../screens/rendering/screen-assets';

/** The back office's one stylesheet (plain responsive CSS; no script anywhere), versioned by its content hash. */
@Injectable()
export class BackOfficeAssets {
  readonly css: Buffer;
  readonly version: string;

  constructor(screens: ScreenAssets) {
    this.css = readFileSync(join(screens.viewsRoot, 'kernel', 'back-office', 'assets', 'back-office.css'));
    this.version = createHash('sha256').update(this.css).digest('hex').slice(0, 16);
  }

  cssHref(basePath: string): string {
    return `${basePath}/back-office/assets/back-office.css?v=${this.version}`;
  }
}

@ApiExcludeController()
@Controller('back-office/assets')
export class BackOfficeAssetsController {
  constructor(private readonly assets: BackOfficeAssets) {}

  @Get('back-office.css')
  css(@Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    const etag = `"${this.assets.version}"`;
    reply
      .header('cache-control', version === this.assets.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff');
    if (ifNoneMatch === etag) {
      reply.status(304).send();
      return;
    }
    reply.header('content-type', 'text/css; charset=utf-8').send(this.assets.css);
  }
}

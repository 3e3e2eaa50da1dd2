import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScreenExceptionFilter } from './errors/screen-exception.filter';
import { ScreenTranslator } from './i18n/screen-translator.service';
import { ScreenAssets } from './rendering/screen-assets';
import { ScreenAssetsController } from './rendering/screen-assets.controller';
import { ScreenBrandStyle } from './rendering/screen-brand-style';
import { ScreenRenderer } from './rendering/screen-renderer.service';
import { ScreenContextFactory } from './screen-context.factory';
import { ScreenCookiePolicy } from './security/screen-cookie-policy';
import { ScreenCsrf } from './security/screen-csrf.service';
import { ScreenSecurityHeaders } from './security/screen-security-headers';
import { ScreenGuard } from './security/screen.guard';
import { ScreenSession } from './sessions/screen-session.entity';
import { ScreenSessionService } from './sessions/screen-session.service';
import { InappDoneController } from './inapp-entry/inapp-done.controller';
import { InappEntryService } from './inapp-entry/inapp-entry.service';

const SHARED = [
  ScreenTranslator,
  ScreenAssets,
  ScreenBrandStyle,
  ScreenRenderer,
  ScreenContextFactory,
  ScreenCookiePolicy,
  ScreenCsrf,
  ScreenSecurityHeaders,
  ScreenGuard,
  ScreenExceptionFilter,
  ScreenSessionService,
  InappEntryService,
];

/**
 * The screens kernel: rendering, i18n, branding, CSRF, headers, sessions, error pages. Global so any feature
 * module's @ScreenRoute() controllers resolve ScreenGuard and ScreenExceptionFilter from here. Needs
 * registerScreenPlugins() on the Fastify instance (cookies, CSRF).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ScreenSession])],
  controllers: [ScreenAssetsController, InappDoneController],
  providers: SHARED,
  exports: SHARED,
})
export class ScreensModule {}

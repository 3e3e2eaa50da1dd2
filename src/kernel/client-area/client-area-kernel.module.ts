import { Global, Module } from '@nestjs/common';
import { ClientAreaSections } from './client-area-sections';
import { ClientAreaSessions } from './client-area-sessions';
import { ClientAreaStyle } from './client-area-style';
import { ClientAreaStyleController } from './client-area-style.controller';

const SHARED = [ClientAreaSections, ClientAreaSessions, ClientAreaStyle];

/**
 * What the client area shares with other modules: the dashboard-section registry (modules register providers
 * here), the `client` session reader (Embedded cTrader Web) and the stylesheet (served here, so every page that links it
 * finds it). Global, imported by AppModule,
 * so a module can register a section whether or not the client area is loaded.
 */
@Global()
@Module({ controllers: [ClientAreaStyleController], providers: SHARED, exports: SHARED })
export class ClientAreaKernelModule {}

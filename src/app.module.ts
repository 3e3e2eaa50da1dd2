import { DynamicModule, Module, Type } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AppConfig } from './config/app-config';
import { ConfigSource } from './config/app-config-holder';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './kernel/audit';
import { BrokerIdentificationModule } from './kernel/broker-identification';
import { HealthModule } from './kernel/health';
import { AppLoggerModule, ObservabilityModule } from './kernel/observability';
import { FEATURE_MODULES } from './modules/feature-modules';
import { ScreensModule } from './kernel/screens';
import { JobsModule } from './kernel/jobs';
import { CtraderGatewayModule } from './kernel/ctrader-gateway';
import { EventsModule } from './kernel/events';
import { UnitOfWorkModule } from './kernel/database';
import { UsersModule } from './kernel/users';
import { TokensModule } from './kernel/tokens';
import { RateLimitModule } from './kernel/rate-limit';
import { ClientAreaKernelModule } from './kernel/client-area';
import { MailModule } from './kernel/mail';
import { HousekeepingModule } from './kernel/housekeeping';
import { DirectRoutesModule } from './kernel/direct-routes';
import { HttpKernelModule } from './kernel/http';
import { WebhooksModule } from './kernel/webhooks';
import { BackOfficeModule } from './kernel/back-office';
import { StaffPagesModule } from './kernel/staff-pages';
import { Trader360Module } from './kernel/trader-360';

export interface AppModuleOptions {
  logDestination?: DestinationStream;
  /** Tests only: further modules (e.g. test-only screens that use the kernel as a feature module would). */
  extraModules?: Array<Type<unknown> | DynamicModule>;
  /** Where a config reload reads from (main: the loader with the boot's file and environment). */
  configSource?: ConfigSource;
}

/** The shared kernel plus only the feature modules the deployment lists (deployment gate, ARCHITECTURE.md §2). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, options.configSource),
        DirectRoutesModule,
        HttpKernelModule,
        AppLoggerModule.forRoot(options.logDestination),
        DatabaseModule.forRoot(),
        ObservabilityModule,
        HealthModule,
        AuditModule,
        BrokerIdentificationModule,
        ScreensModule,
        EventsModule,
        UnitOfWorkModule,
        JobsModule,
        WebhooksModule,
        CtraderGatewayModule,
        UsersModule,
        TokensModule,
        RateLimitModule,
        ClientAreaKernelModule,
        Trader360Module,
        StaffPagesModule,
        MailModule,
        HousekeepingModule,
        AdminModule,
        BackOfficeModule,
        ...config.modules.map((key) => FEATURE_MODULES[key]),
        ...(options.extraModules ?? []),
      ],
    };
  }
}

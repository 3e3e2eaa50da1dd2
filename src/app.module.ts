import { DynamicModule, Module, Type } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './kernel/audit/audit.module';
import { BrokerIdentificationModule } from './kernel/broker-identification/broker-identification.module';
import { HealthModule } from './kernel/health/health.module';
import { AppLoggerModule } from './kernel/observability/logger.module';
import { ObservabilityModule } from './kernel/observability/observability.module';
import { FEATURE_MODULES } from './modules/feature-modules';
import { ScreensModule } from './kernel/screens';
import { JobsModule } from './kernel/jobs/jobs.module';
import { CtraderGatewayModule } from './kernel/ctrader-gateway/ctrader-gateway.module';
import { EventsModule } from './kernel/events/events.module';
import { UnitOfWorkModule } from './kernel/database/unit-of-work.module';
import { UsersModule } from './kernel/users/users.module';
import { TokensModule } from './kernel/tokens/tokens.module';
import { RateLimitModule } from './kernel/rate-limit/rate-limit.module';
import { ClientAreaKernelModule } from './kernel/client-area';
import { MailModule } from './kernel/mail/mail.module';
import { HousekeepingModule } from './kernel/housekeeping/housekeeping.module';
import { DirectRoutesModule } from './kernel/direct-routes';
import { HttpKernelModule } from './kernel/http/http.module';

export interface AppModuleOptions {
  logDestination?: DestinationStream;
  /** Tests only: further modules (e.g. test-only screens that use the kernel as a feature module would). */
  extraModules?: Array<Type<unknown> | DynamicModule>;
}

/** The shared kernel plus only the feature modules the deployment lists (deployment gate, ARCHITECTURE.md §2). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
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
        CtraderGatewayModule,
        UsersModule,
        TokensModule,
        RateLimitModule,
        ClientAreaKernelModule,
        MailModule,
        HousekeepingModule,
        AdminModule,
        ...config.modules.map((key) => FEATURE_MODULES[key]),
        ...(options.extraModules ?? []),
      ],
    };
  }
}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { AppConfigHolder, ConfigSource } from './app-config-holder';

/**
 * Makes the validated configuration injectable: `AppConfigHolder` (the current snapshot, replaced by a reload) and
 * `AppConfig` (the boot snapshot, for the settings read once at boot). Validation happened before boot (loadConfig).
 */
@Global()
@Module({})
export class AppConfigModule {
  /** `source` re-reads the configuration for a reload (main passes the loader); without it a reload reports that it cannot. */
  static forRoot(config: AppConfig, source?: ConfigSource): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: AppConfigHolder, useValue: new AppConfigHolder(config, source) },
      ],
      exports: [AppConfig, AppConfigHolder],
    };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AppConfigHolder, ReloadOutcome } from '../config/app-config-holder';
import { AuditService } from '../kernel/audit';

/**
 * One reload path for both triggers (SIGHUP, POST /admin/config/reload): re-read, validate, apply or keep the old
 * config, then audit and log the outcome. Each instance reloads only itself: signal or call every instance.
 */
@Injectable()
export class ConfigReloadService {
  private readonly logger = new Logger('ConfigReload');

  constructor(
    private readonly config: AppConfigHolder,
    private readonly audit: AuditService,
  ) {}

  /** `actor` as in the audit log (`admin:<keyId>`, `signal:SIGHUP`). */
  async reload(actor: string, requestId: string | null = null): Promise<ReloadOutcome> {
    const outcome = this.config.reload();
    // Problem lines name settings and rules, never values (the loader's messages carry no secret).
    const details = outcome.ok ? { applied: true, ...outcome.changes } : { applied: false, problems: outcome.problems };
    await this.audit.record({ brokerName: null, category: 'admin', action: 'config.reload', actor, target: 'config', details, requestId });
    if (outcome.ok) this.logger.log({ actor, ...outcome.changes }, 'configuration reloaded');
    else
      this.logger.warn(
        { actor, problems: outcome.problems },
        `configuration reload refused (${outcome.problems.length} problems); the previous configuration stays`,
      );
    return outcome;
  }
}

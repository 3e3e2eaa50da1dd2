import { AdminApiKey } from '../admin/api-keys/admin-api-key.entity';
import { AuditEvent } from '../kernel/audit/audit-event.entity';
import { Job } from '../kernel/jobs/job.entity';
import { AccessToken } from '../kernel/tokens/access-token.entity';
import { CrmApiToken } from '../kernel/tokens/crm-api-token.entity';
import { InappToken } from '../kernel/tokens/inapp-token.entity';
import { OneTimeToken } from '../kernel/tokens/one-time-token.entity';
import { ScreenSession } from '../kernel/screens/sessions/screen-session.entity';
import { TraderUser } from '../kernel/users/trader-user.entity';
import { TradingAccount } from '../kernel/users/trading-account.entity';
import { Partner } from '../modules/partner-attribution/entities/partner.entity';
import { PartnerAttributionEvent } from '../modules/partner-attribution/entities/partner-attribution-event.entity';
import { PartnerAttribution } from '../modules/partner-attribution/entities/partner-attribution.entity';
import { PartnerClosure } from '../modules/partner-attribution/entities/partner-closure.entity';

/**
 * Every entity of every module. The schema is the same for every deployment (a module switched off keeps its
 * tables), so migrations stay linear whatever modules a broker turns on later.
 */
export const ENTITIES = [AuditEvent, AdminApiKey, TraderUser, TradingAccount, CrmApiToken, OneTimeToken, AccessToken, InappToken, ScreenSession, Job, Partner, PartnerClosure, PartnerAttribution, PartnerAttributionEvent];

import { AdminApiKey } from '../admin/api-keys/admin-api-key.entity';
import { AuditEvent } from '../kernel/audit/audit-event.entity';

/**
 * Every entity of every module. The schema is the same for every deployment (a module switched off keeps its
 * tables), so migrations stay linear whatever modules a broker turns on later.
 */
export const ENTITIES = [AuditEvent, AdminApiKey];

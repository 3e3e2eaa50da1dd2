import { ModuleKey } from '../../config/module-key';

/**
 * The Swagger console's tags (issue #19): exactly one per module, so a module's routes (its admin API, what cTrader
 * calls, its status probe) sit together. Every controller names one of these in `@ApiTags`; the DocumentBuilder
 * lists them in this order with these descriptions.
 */
export const ApiTag = {
  Operations: 'Operations',
  AdminAccess: 'Admin access',
  Configuration: 'Configuration',
  Audit: 'Audit',
  Jobs: 'Jobs',
  Webhooks: 'Webhooks',
  Users: 'Users',
  Mail: 'Mail',
  FullSso: 'Full SSO',
  LightIdentity: 'Light identity',
  InappActions: 'In-app actions',
  InappControls: 'In-app controls',
  PartnerAttribution: 'Partner attribution',
  EmbeddedWeb: 'Embedded cTrader Web',
} as const;
export type ApiTag = (typeof ApiTag)[keyof typeof ApiTag];

/** The tag of each feature module (its `GET /modules/<key>` probe carries it too). */
export const MODULE_API_TAG: Record<ModuleKey, ApiTag> = {
  [ModuleKey.FullSso]: ApiTag.FullSso,
  [ModuleKey.LightIdentity]: ApiTag.LightIdentity,
  [ModuleKey.InappActions]: ApiTag.InappActions,
  [ModuleKey.InappControls]: ApiTag.InappControls,
  [ModuleKey.PartnerAttribution]: ApiTag.PartnerAttribution,
  [ModuleKey.EmbeddedWeb]: ApiTag.EmbeddedWeb,
};

export const API_TAG_DESCRIPTIONS: Record<ApiTag, string> = {
  [ApiTag.Operations]: 'Health probes for load balancers and orchestrators.',
  [ApiTag.AdminAccess]: 'Back-office access: API keys for machines, staff accounts with 2FA, staff sessions.',
  [ApiTag.Configuration]: 'Which modules each broker has on, the masked configuration, reload without restart.',
  [ApiTag.Audit]: 'The audit log: every admin write and security event, naming the person or the key.',
  [ApiTag.Jobs]: 'The durable job queue (changeBalance and other cTrader calls): inspect, retry, cancel.',
  [ApiTag.Webhooks]: "Outgoing webhooks to the broker's systems: endpoints, secrets, deliveries.",
  [ApiTag.Users]: 'Traders: search, lock and unlock, revoke tokens, import from an existing CRM.',
  [ApiTag.Mail]: 'The email outbox: what was sent to whom.',
  [ApiTag.FullSso]: 'The 4.x API cTrader calls (CRM token, one-time tokens, validation, logout).',
  [ApiTag.LightIdentity]: 'Light identity: cTrader keeps the login, the broker gets the identity.',
  [ApiTag.InappActions]: 'In-app deposits, withdrawals and KYC: the review queues and the payment provider callback.',
  [ApiTag.InappControls]: 'Ribbons shown inside cTrader: campaigns, audiences, per-user sync.',
  [ApiTag.PartnerAttribution]: "Partners (IB tree), attributions, and cTrader's invite webhook.",
  [ApiTag.EmbeddedWeb]: 'Embedded cTrader Web.',
};

/** The brokers of the demo (config/default.yaml) that the console's examples name. */
export const DEMO_BROKER = { brokerName: 'demo_broker', brokerCrmName: 'demo_crm' } as const;
export const DEMO_LIGHT_BROKER = { brokerName: 'demo_light', brokerCrmName: 'demo_li_crm' } as const;

/**
 * The six feature modules a deployment and each broker switch on one at a time (ARCHITECTURE.md §2).
 * The string values are what brokers write in config, so they never change.
 */
export enum ModuleKey {
  FullSso = 'fullSso',
  LightIdentity = 'lightIdentity',
  InappActions = 'inappActions',
  InappControls = 'inappControls',
  PartnerAttribution = 'partnerAttribution',
  EmbeddedWeb = 'embeddedWeb',
}

export const ALL_MODULE_KEYS: readonly ModuleKey[] = Object.values(ModuleKey);

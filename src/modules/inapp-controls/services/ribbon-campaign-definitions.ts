import { RibbonCampaignAction, RibbonCampaignDefinition, RibbonAudience } from '../domain/ribbon-campaign.types';
import { resolveAction } from '../domain/ribbon-action';
import { RibbonCampaign } from '../entities/ribbon-campaign.entity';

/** A stored campaign as the pure computation sees it (in-app paths resolved to our absolute URLs). */
export function campaignDefinition(row: RibbonCampaign, baseUrl: string): RibbonCampaignDefinition {
  return {
    id: row.id,
    titles: JSON.parse(row.titles) as Record<string, string>,
    color: row.color,
    action: resolveAction(JSON.parse(row.action) as RibbonCampaignAction, baseUrl, row.brokerName),
    closable: row.closable,
    enabled: row.enabled && row.deletedAt === null,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    priority: row.priority,
    audience: JSON.parse(row.audience) as RibbonAudience,
  };
}

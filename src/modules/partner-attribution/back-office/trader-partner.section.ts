import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import type { BrokerContext } from '../../../kernel/broker-identification';
import { Trader360Display, Trader360SectionProvider, Trader360Sections, Trader360SectionView, Trader360Subject } from '../../../kernel/trader-360';
import { UsersService } from '../../../kernel/users';
import { PartnerAttributionService } from '../services/partner-attribution.service';
import { PartnersService } from '../services/partners.service';
import { personLabel } from './partner-names';

/** Trader 360's "partner and referral": whom the trader is attributed to, and the trader's own partner standing. */
@Injectable()
export class TraderPartnerSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'partner-attribution.partner';
  readonly order = 40;
  readonly module = ModuleKey.PartnerAttribution;

  constructor(
    private readonly sections: Trader360Sections,
    private readonly partners: PartnersService,
    private readonly attribution: PartnerAttributionService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const facts: Array<{ label: string; value: string }> = [];
    const attributed = await this.attribution.attributionsOf(broker.brokerName).findOneBy({ traderUserId: subject.userId });
    if (attributed) {
      const [partner] = await this.partners.findByRefs(broker.brokerName, [attributed.partnerRef]);
      const owner = partner?.userId != null ? await this.users.findById(broker.brokerName, partner.userId) : null;
      facts.push(
        { label: t('trader360.attributedTo'), value: partner ? `${personLabel(owner ?? undefined, partner.ctidUserId)} (${partner.partnerId})` : '—' },
        { label: t('trader360.attribution'), value: `${attributed.state} · ${attributed.source} · ${date.format(attributed.attributedAt)}` },
      );
    } else {
      facts.push({ label: t('trader360.attributedTo'), value: t('trader360.notAttributed') });
    }
    const own = await this.partners.findByUserId(broker.brokerName, subject.userId);
    if (own && own.status === 'active') {
      const [parent] = own.parentId !== null ? await this.partners.findByRefs(broker.brokerName, [own.parentId]) : [];
      const parentUser = parent?.userId != null ? await this.users.findById(broker.brokerName, parent.userId) : null;
      const traders = await this.attribution.attributionsOf(broker.brokerName).count({ partnerRef: own.id });
      facts.push(
        { label: t('trader360.partnerId'), value: own.partnerId },
        { label: t('trader360.referral'), value: own.referralState },
        { label: t('trader360.parentPartner'), value: parent ? `${personLabel(parentUser ?? undefined, parent.ctidUserId)} (${parent.partnerId})` : '—' },
        { label: t('trader360.attributedTraders'), value: String(traders) },
      );
    } else {
      facts.push({ label: t('trader360.partnerId'), value: t('trader360.notPartner') });
    }
    return { title: t('trader360.partner'), facts };
  }
}

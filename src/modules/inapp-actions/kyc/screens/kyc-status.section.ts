import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../../config/module-key';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import {
  ClientAreaDisplay,
  ClientAreaSectionProvider,
  ClientAreaSections,
  ClientAreaSectionView,
  ClientAreaTone,
  ClientAreaViewer,
} from '../../../../kernel/client-area';
import { ScreenTranslator } from '../../../../kernel/screens';
import { KycStatus, KycSubmissions } from '../services/kyc-submissions.service';
import { KYC_TRANSLATIONS } from './kyc-translations';
import { KYC_SECTION_TRANSLATIONS } from './kyc-section-translations';

const TONES: Record<KycStatus, ClientAreaTone> = { none: 'neutral', pending: 'info', approved: 'success', rejected: 'error' };

/** Submissions listed under the status (newest first). */
export const KYC_SECTION_LIMIT = 5;

/**
 * The trader's KYC status on the client-area dashboard (slot `kyc`), read from this module's own tables through
 * the kernel's section registry. No link to the upload screen: /inapp/kyc is an in-app screen that only opens
 * with a token cTrader obtained (4.4 or a Light-identity token), and the client area has no way to mint one, so
 * the trader verifies from the cTrader app; the section says where things stand.
 */
@Injectable()
export class KycStatusSection implements ClientAreaSectionProvider, OnModuleInit {
  readonly id = 'inapp-actions.kyc';
  readonly slot = 'kyc' as const;

  constructor(
    private readonly sections: ClientAreaSections,
    private readonly submissions: KycSubmissions,
    translator: ScreenTranslator,
  ) {
    // The status sentences live with the KYC screen's strings; adding them here too keeps this section whole
    // whichever provider Nest builds first (addTranslations deep-merges, so adding twice changes nothing).
    translator.addTranslations(KYC_TRANSLATIONS);
    translator.addTranslations(KYC_SECTION_TRANSLATIONS);
  }

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, viewer: ClientAreaViewer, display: ClientAreaDisplay): Promise<ClientAreaSectionView | null> {
    if (!broker.modules.has(ModuleKey.InappActions)) return null;
    const history = await this.submissions.historyOf(broker.brokerName, viewer.userId, KYC_SECTION_LIMIT);
    const status = (history[0]?.submission.status ?? 'none') as KycStatus;
    const { t, lang } = display;
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const typeLabel = (type: string) => (t(`kyc.documentTypes.${type}`) === `kyc.documentTypes.${type}` ? type : t(`kyc.documentTypes.${type}`));
    return {
      title: t('clientArea.verification'),
      status: { label: status === 'none' ? t('kyc.statusText.none') : t(`kyc.status.${status}`), tone: TONES[status] },
      columns: [
        { key: 'date', label: t('kycSection.date') },
        { key: 'documentType', label: t('fields.documentType') },
        { key: 'status', label: t('kycSection.status') },
      ],
      statusColumn: 'status',
      rows: history.map(({ submission }) => ({
        cells: {
          date: date.format(Number(submission.createdAt)),
          documentType: typeLabel(submission.documentType),
          status: t(`kyc.status.${submission.status}`),
        },
        tone: TONES[submission.status],
      })),
      emptyText: t(status === 'none' ? 'kyc.none' : `kyc.statusText.${status}`),
    };
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../../kernel/broker-identification';
import { RateLimited } from '../../../../kernel/rate-limit';
import {
  InappEntryService,
  Screen,
  ScreenContext,
  ScreenCsrf,
  ScreenRenderer,
  ScreenRoute,
  ScreenSession,
  ScreenTranslator,
  SkipCsrf,
} from '../../../../kernel/screens';
import { KycDocumentStore } from '../services/kyc-document-store.service';
import { mediaTypeOf } from '../domain/kyc-file-sniffer';
import { KycStatus, KycSubmissions } from '../services/kyc-submissions.service';
import { KYC_TRANSLATIONS } from './kyc-translations';
import { KycUploadRefused } from '../domain/kyc-upload-refused.error';
import { describeSize, describeTypes, KycUpload, KycUploadReader } from '../services/kyc-upload-reader.service';

const TEMPLATE = '@kyc/kyc';
const TONES: Record<KycStatus, 'info' | 'success' | 'error'> = { none: 'info', pending: 'info', approved: 'success', rejected: 'error' };

interface PageState {
  status?: number;
  error?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/**
 * `/inapp/kyc` (spec §2.2): opened from the app with a 4.4 in-app token, which InappEntryService consumes into a
 * short screen session (then post/redirect/get without it). Shows the trader's KYC status and previous
 * submissions, and takes a multipart upload of documents.
 */
@Controller('inapp/kyc')
@ScreenRoute(ModuleKey.InappActions)
export class KycScreenController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly entry: InappEntryService,
    private readonly csrf: ScreenCsrf,
    private readonly reader: KycUploadReader,
    private readonly store: KycDocumentStore,
    private readonly submissions: KycSubmissions,
    translator: ScreenTranslator,
  ) {
    screens.defineTemplate(TEMPLATE, readFileSync(join(__dirname, 'templates', 'kyc.eta'), 'utf8'));
    translator.addTranslations(KYC_TRANSLATIONS);
  }

  @Get()
  async show(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { session, enteredWithToken } = await this.entry.enter(req, reply, broker, ctx);
    if (enteredWithToken) return reply.redirect(ctx.self(selfParams(ctx, session)), 303);
    return this.render(reply, ctx, broker, session, {});
  }

  /**
   * The upload. CSRF is not checked by ScreenGuard here because the token travels inside the multipart body,
   * which is read as a stream by KycUploadReader; the reader verifies it (same ScreenCsrf check) as soon as the
   * token field has arrived and before any file is stored, and refuses the upload without it.
   */
  @Post()
  @RouteConfig({ multipart: true })
  @SkipCsrf()
  @RateLimited(60)
  async upload(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { session } = await this.entry.enter(req, reply, broker, ctx);
    const userId = Number(session.userId);
    const status = await this.submissions.statusOf(broker.brokerName, userId);
    if (status === 'pending' || status === 'approved') {
      const key = status === 'pending' ? 'kyc.errors.alreadyPending' : 'kyc.errors.alreadyApproved';
      return this.render(reply, ctx, broker, session, { status: 409, error: ctx.t(key) });
    }
    const kyc = broker.config.kyc;
    let upload: KycUpload;
    try {
      upload = await this.reader.read(req, broker.brokerName, kyc, async (fields) => {
        (req as { body: unknown }).body = fields;
        await this.csrf.verify(req);
      });
    } catch (e) {
      if (!(e instanceof KycUploadRefused)) throw e;
      return this.render(reply, ctx, broker, session, { status: e.status, error: ctx.t(e.messageKey, e.params) });
    }
    const documentType = upload.fields.documentType ?? '';
    const errors: Record<string, string> = {};
    if (!kyc.documentTypes.includes(documentType)) errors.documentType = ctx.t('kyc.errors.documentType');
    if (!upload.files.length) errors.documents = ctx.t('kyc.errors.noFile');
    if (Object.keys(errors).length) {
      await this.discard(broker, upload);
      return this.render(reply, ctx, broker, session, { status: 422, errors, values: { documentType } });
    }
    try {
      await this.submissions.submit({ brokerName: broker.brokerName, userId, accountLogin: session.accountLogin, documentType, files: upload.files });
    } catch (e) {
      await this.discard(broker, upload);
      throw e;
    }
    return reply.redirect(ctx.self(selfParams(ctx, session)), 303);
  }

  private async discard(broker: BrokerContext, upload: KycUpload): Promise<void> {
    await Promise.all(upload.files.map((f) => this.store.remove(broker.brokerName, broker.config.kyc, f.storedName).catch(() => undefined)));
  }

  private async render(reply: FastifyReply, ctx: ScreenContext, broker: BrokerContext, session: ScreenSession, state: PageState) {
    const kyc = broker.config.kyc;
    const userId = Number(session.userId);
    const history = await this.submissions.historyOf(broker.brokerName, userId);
    const status = (history[0]?.submission.status ?? 'none') as KycStatus;
    const typeLabel = (type: string) => (ctx.t(`kyc.documentTypes.${type}`) === `kyc.documentTypes.${type}` ? type : ctx.t(`kyc.documentTypes.${type}`));
    const date = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    return this.screens.render(
      reply,
      TEMPLATE,
      {
        status,
        statusTone: TONES[status],
        statusTitle: status === 'none' ? ctx.t('kyc.statusText.none') : ctx.t(`kyc.status.${status}`),
        statusText: status === 'none' ? ctx.t('kyc.none') : ctx.t(`kyc.statusText.${status}`),
        reason: status === 'rejected' ? history[0].submission.reviewReason : null,
        canSubmit: status === 'none' || status === 'rejected',
        documentTypes: kyc.documentTypes.map((value) => ({ value, label: typeLabel(value) })),
        accept: kyc.fileTypes.flatMap((t) => [mediaTypeOf(t), ...(t === 'jpeg' ? ['.jpg', '.jpeg'] : [`.${t}`])]).join(','),
        intro: ctx.t('kyc.intro', { types: describeTypes(kyc.fileTypes), size: describeSize(kyc.maxFileBytes) }),
        maxFilesText: ctx.t('kyc.maxFiles', { max: kyc.maxFiles }),
        values: state.values ?? {},
        errors: state.errors ?? {},
        error: state.error,
        selfParams: selfParams(ctx, session),
        history: history.map(({ submission, documents }) => ({
          status: submission.status,
          statusLabel: ctx.t(`kyc.status.${submission.status}`),
          type: typeLabel(submission.documentType),
          date: date.format(new Date(submission.createdAt)),
          files: documents.map((d) => d.originalName).join(', '),
          reason: submission.status === 'rejected' ? submission.reviewReason : null,
        })),
      },
      ctx,
      { status: state.status, closable: true },
    );
  }
}

/** The screen's own URL keeps the account it was opened for (never the token). */
function selfParams(ctx: ScreenContext, session: ScreenSession): Record<string, string | undefined> {
  return { account: ctx.account ?? (session.accountLogin !== null ? String(session.accountLogin) : undefined) };
}

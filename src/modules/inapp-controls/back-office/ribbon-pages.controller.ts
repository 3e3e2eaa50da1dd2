import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { brokersWith } from '../../../kernel/admin-access';
import {
  BackOffice,
  BackOfficeBroker,
  BackOfficeFlash,
  BackOfficePage,
  BackOfficeRedirect,
  BackOfficeRenderer,
  BackOfficeSession,
  formField,
} from '../../../kernel/back-office';
import type { BrokerContext } from '../../../kernel/broker-identification';
import { ContractException, ErrorCode } from '../../../kernel/errors';
import { RIBBON_AUDIENCE_KINDS, RIBBON_SEGMENTS } from '../domain/ribbon-campaign.types';
import { RIBBON_PLACEHOLDERS } from '../domain/ribbon-title';
import { RibbonCampaigns } from '../services/ribbon-campaigns.service';
import { emptyRibbonForm, readRibbonForm, RIBBON_FORM_LANGUAGES, ribbonFormOf, ribbonInputOf, RibbonFormValues, ribbonPreviews } from './ribbon-form';

export const RIBBON_TEMPLATES = {
  list: '/modules/inapp-controls/back-office/templates/ribbons',
  form: '/modules/inapp-controls/back-office/templates/ribbon-form',
} as const;

type FormFields = Record<string, unknown>;

/**
 * Ribbons in the back office (issue #19): the campaigns, and a form to create or edit one with a preview of the
 * ribbon as cTrader draws it. The preview is server-rendered (no script): the "Preview" button posts the form and
 * gets it back with the preview of the submitted values. Saving goes through RibbonCampaigns exactly as the admin
 * API does (same validation, same audit, same recompute job that pushes 3.9 to cTrader).
 */
@Controller('back-office/brokers/:brokerName/ribbons')
export class RibbonPagesController {
  constructor(
    private readonly campaigns: RibbonCampaigns,
    private readonly renderer: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
  ) {}

  @Get()
  @BackOfficePage('read', ModuleKey.InappControls)
  async list(@BackOfficeBroker() broker: BrokerContext, @BackOffice() session: BackOfficeSession, @Res() reply: FastifyReply) {
    const base = this.base(broker);
    const campaigns = await this.campaigns.list(broker.brokerName);
    return this.renderer.render(
      reply,
      RIBBON_TEMPLATES.list,
      {
        mayManage: this.mayManage(session, broker),
        newHref: `${base}/new`,
        campaigns: campaigns.map((c) => ({
          ...c,
          href: `${base}/${c.id}`,
          preview: ribbonPreviews(ribbonFormOf(c), broker.config.branding.name, broker.config.branding.defaultLanguage)[0] ?? null,
        })),
      },
      'ribbons.title',
    );
  }

  @Get('new')
  @BackOfficePage('ribbons.manage', ModuleKey.InappControls)
  newForm(@BackOfficeBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    return this.form(reply, broker, { values: emptyRibbonForm(), id: null, version: null, errors: {}, preview: false });
  }

  @Post('new')
  @BackOfficePage('ribbons.manage', ModuleKey.InappControls)
  async create(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Body() body: FormFields,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const values = readRibbonForm(body ?? {});
    const intent = body?.intent === 'save' ? 'save' : 'preview';
    const checked = ribbonInputOf(values);
    if (intent === 'preview' || !checked.ok) {
      return this.form(reply, broker, {
        values,
        id: null,
        version: null,
        errors: checked.ok ? {} : checked.errors,
        preview: true,
        status: checked.ok || intent === 'preview' ? 200 : 422,
      });
    }
    try {
      const saved = await this.campaigns.create(broker.brokerName, checked.input, { actor: session.principal.actor, requestId: req.id });
      this.flash.set(reply.request, reply, { tone: 'success', key: 'ribbons.created', params: { name: saved.name } });
      throw new BackOfficeRedirect(`${this.base(broker)}/${saved.id}`);
    } catch (e) {
      return this.refused(e, reply, broker, values, null, null);
    }
  }

  @Get(':id')
  @BackOfficePage('read', ModuleKey.InappControls)
  async edit(@BackOfficeBroker() broker: BrokerContext, @BackOffice() session: BackOfficeSession, @Param('id') id: string, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(broker.brokerName, idOf(id));
    return this.form(reply, broker, {
      values: ribbonFormOf(campaign),
      id: campaign.id,
      version: campaign.version,
      errors: {},
      preview: true,
      readOnly: !this.mayManage(session, broker),
    });
  }

  @Post(':id')
  @BackOfficePage('ribbons.manage', ModuleKey.InappControls)
  async replace(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('id') id: string,
    @Body() body: FormFields,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const current = await this.campaigns.get(broker.brokerName, idOf(id));
    const values = readRibbonForm(body ?? {});
    const intent = body?.intent === 'save' ? 'save' : 'preview';
    const checked = ribbonInputOf(values);
    if (intent === 'preview' || !checked.ok) {
      return this.form(reply, broker, {
        values,
        id: current.id,
        version: current.version,
        errors: checked.ok ? {} : checked.errors,
        preview: true,
        status: checked.ok || intent === 'preview' ? 200 : 422,
      });
    }
    // The version the form was opened at: someone else's save in between is a conflict, not a silent overwrite.
    if (formField(body, 'version') !== String(current.version))
      return this.refused(new ContractException(ErrorCode.Conflict, 'changed meanwhile'), reply, broker, values, current.id, current.version);
    try {
      const saved = await this.campaigns.replace(broker.brokerName, current.id, checked.input, { actor: session.principal.actor, requestId: req.id });
      this.flash.set(reply.request, reply, { tone: 'success', key: 'ribbons.saved', params: { name: saved.name } });
      throw new BackOfficeRedirect(`${this.base(broker)}/${saved.id}`);
    } catch (e) {
      return this.refused(e, reply, broker, values, current.id, current.version);
    }
  }

  /** The service's own refusals (placeholders, URLs, schedule, a concurrent save) shown on the form; anything else is the error page's. */
  private refused(e: unknown, reply: FastifyReply, broker: BrokerContext, values: RibbonFormValues, id: number | null, version: number | null) {
    if (e instanceof ContractException && (e.code === ErrorCode.InvalidRequest || e.code === ErrorCode.MissingRequiredParameter)) {
      return this.form(reply, broker, { values, id, version, errors: { form: 'ribbons.errors.refused' }, refusal: e.message, preview: true, status: 422 });
    }
    if (e instanceof ContractException && e.code === ErrorCode.Conflict) {
      return this.form(reply, broker, { values, id, version, errors: { form: 'ribbons.errors.conflict' }, preview: true, status: 409 });
    }
    throw e;
  }

  private form(
    reply: FastifyReply,
    broker: BrokerContext,
    m: {
      values: RibbonFormValues;
      id: number | null;
      version: number | null;
      errors: Record<string, string>;
      preview: boolean;
      refusal?: string;
      status?: number;
      readOnly?: boolean;
    },
  ) {
    const base = this.base(broker);
    return this.renderer.render(
      reply,
      RIBBON_TEMPLATES.form,
      {
        ...m,
        action: m.id === null ? `${base}/new` : `${base}/${m.id}`,
        listHref: base,
        languages: RIBBON_FORM_LANGUAGES,
        audienceKinds: RIBBON_AUDIENCE_KINDS,
        segments: RIBBON_SEGMENTS,
        placeholders: RIBBON_PLACEHOLDERS.map((p) => `{${p}}`).join(' '),
        previews: m.preview ? ribbonPreviews(m.values, broker.config.branding.name, broker.config.branding.defaultLanguage) : [],
      },
      m.id === null ? 'ribbons.newTitle' : 'ribbons.editTitle',
      { status: m.status },
    );
  }

  private mayManage(session: BackOfficeSession, broker: BrokerContext): boolean {
    const brokers = brokersWith(session.principal.grants, 'ribbons.manage');
    return brokers === '*' || brokers.includes(broker.brokerName);
  }

  private base(broker: BrokerContext): string {
    return this.renderer.href(`/back-office/brokers/${encodeURIComponent(broker.brokerName)}/ribbons`);
  }
}

function idOf(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new ContractException(ErrorCode.NotFound, 'No such campaign');
  return Number(text);
}

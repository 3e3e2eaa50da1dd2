import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { SCREEN_LANGUAGES } from '../../../kernel/screens';
import { RibbonCampaignDto, RibbonCampaignInputDto } from '../admin/ribbon-campaign.dto';
import { RIBBON_AUDIENCE_KINDS, RIBBON_SEGMENTS } from '../domain/ribbon-campaign.types';
import { pickTitle, renderTitle } from '../domain/ribbon-title';

/** The title languages the form offers: the screens' languages. */
export const RIBBON_FORM_LANGUAGES = Object.keys(SCREEN_LANGUAGES);

/** The ribbon form as the browser posts it (application/x-www-form-urlencoded; checkboxes absent when off). */
export interface RibbonFormValues {
  name: string;
  titles: Record<string, string>;
  color: string;
  actionKind: 'urlinApp' | 'urlExternal';
  actionUrl: string;
  closable: boolean;
  enabled: boolean;
  /** `yyyy-MM-ddTHH:mm` in UTC, or ''. */
  startsAt: string;
  endsAt: string;
  priority: string;
  audienceKind: string;
  /** Logins or cTID user ids, separated by commas, spaces or lines. */
  audienceIds: string;
  segments: string[];
  inactiveDays: string;
  previewLanguage: string;
}

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : Array.isArray(v) && typeof v[0] === 'string' ? v[0].slice(0, max) : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

export function emptyRibbonForm(): RibbonFormValues {
  return {
    name: '',
    titles: {},
    color: '#1a73e8',
    actionKind: 'urlinApp',
    actionUrl: '',
    closable: true,
    enabled: true,
    startsAt: '',
    endsAt: '',
    priority: '0',
    audienceKind: 'everyone',
    audienceIds: '',
    segments: [],
    inactiveDays: '',
    previewLanguage: 'en',
  };
}

/** What the browser sent, as the form's values (nothing trusted yet). */
export function readRibbonForm(body: Record<string, unknown>): RibbonFormValues {
  const titles: Record<string, string> = {};
  for (const lang of RIBBON_FORM_LANGUAGES) {
    const text = str(body[`title_${lang}`], 400);
    if (text.trim() !== '') titles[lang] = text;
  }
  const previewLanguage = str(body.previewLanguage, 8);
  return {
    name: str(body.name, 200),
    titles,
    color: str(body.color, 16),
    actionKind: str(body.actionKind) === 'urlExternal' ? 'urlExternal' : 'urlinApp',
    actionUrl: str(body.actionUrl).trim(),
    closable: body.closable !== undefined,
    enabled: body.enabled !== undefined,
    startsAt: str(body.startsAt, 19),
    endsAt: str(body.endsAt, 19),
    priority: str(body.priority, 8).trim(),
    audienceKind: str(body.audienceKind, 16),
    audienceIds: str(body.audienceIds, 200_000),
    segments: list(body.segments).filter((s) => (RIBBON_SEGMENTS as readonly string[]).includes(s)),
    inactiveDays: str(body.inactiveDays, 8).trim(),
    previewLanguage: RIBBON_FORM_LANGUAGES.includes(previewLanguage) ? previewLanguage : 'en',
  };
}

/** A saved campaign as form values (edit). Instants are shown in UTC, to the minute. */
export function ribbonFormOf(c: RibbonCampaignDto): RibbonFormValues {
  const action = c.action;
  const audience = c.audience as { kind: string; logins?: number[]; userIds?: number[]; segments?: string[]; inactiveDays?: number };
  const minute = (iso: string | null) => (iso ? iso.slice(0, 16) : '');
  return {
    name: c.name,
    titles: { ...c.title },
    color: c.color,
    actionKind: action.urlExternal !== undefined ? 'urlExternal' : 'urlinApp',
    actionUrl: action.urlExternal ?? action.urlinApp ?? '',
    closable: c.closable,
    enabled: c.enabled,
    startsAt: minute(c.startsAt),
    endsAt: minute(c.endsAt),
    priority: String(c.priority),
    audienceKind: audience.kind,
    audienceIds: (audience.logins ?? audience.userIds ?? []).join(', '),
    segments: audience.segments ?? [],
    inactiveDays: audience.inactiveDays !== undefined ? String(audience.inactiveDays) : '',
    previewLanguage: Object.keys(c.title)[0] ?? 'en',
  };
}

export type RibbonFormResult = { ok: true; input: RibbonCampaignInputDto } | { ok: false; errors: Record<string, string> };

/**
 * The form as the admin API's body (RibbonCampaignInputDto), checked by the same class-validator rules the API
 * applies; the campaign service then applies the rest (placeholders, URLs, schedule order) exactly as for the API.
 * Field errors are keyed by form field.
 */
export function ribbonInputOf(f: RibbonFormValues): RibbonFormResult {
  const errors: Record<string, string> = {};
  const int = (text: string, field: string): number | undefined => {
    if (text === '') return undefined;
    if (!/^-?\d{1,7}$/.test(text)) {
      errors[field] = 'ribbons.errors.integer';
      return undefined;
    }
    return Number(text);
  };
  const when = (text: string, field: string): string | null => {
    if (text === '') return null;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(text);
    const iso = m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}.000Z` : '';
    if (!m || Number.isNaN(Date.parse(iso))) {
      errors[field] = 'ribbons.errors.instant';
      return null;
    }
    return iso;
  };
  const ids: number[] = [];
  if (f.audienceKind === 'accounts' || f.audienceKind === 'users') {
    for (const part of f.audienceIds.split(/[\s,;]+/).filter(Boolean)) {
      if (!/^\d{1,15}$/.test(part)) {
        errors.audienceIds = 'ribbons.errors.ids';
        break;
      }
      ids.push(Number(part));
    }
    if (!ids.length && !errors.audienceIds) errors.audienceIds = 'ribbons.errors.idsRequired';
  }
  if (!(RIBBON_AUDIENCE_KINDS as readonly string[]).includes(f.audienceKind)) errors.audienceKind = 'ribbons.errors.required';
  if (f.audienceKind === 'segment' && !f.segments.length) errors.segments = 'ribbons.errors.segmentsRequired';
  if (!Object.keys(f.titles).length) errors.titles = 'ribbons.errors.titleRequired';
  if (f.actionUrl === '') errors.actionUrl = 'ribbons.errors.required';
  const inactiveDays = f.audienceKind === 'segment' && f.segments.includes('inactive') ? int(f.inactiveDays, 'inactiveDays') : undefined;
  const plain = {
    name: f.name.trim(),
    title: f.titles,
    color: f.color,
    action: { [f.actionKind]: f.actionUrl },
    closable: f.closable,
    enabled: f.enabled,
    startsAt: when(f.startsAt, 'startsAt'),
    endsAt: when(f.endsAt, 'endsAt'),
    priority: int(f.priority, 'priority') ?? 0,
    audience: {
      kind: f.audienceKind,
      ...(f.audienceKind === 'accounts' && { logins: ids }),
      ...(f.audienceKind === 'users' && { userIds: ids }),
      ...(f.audienceKind === 'segment' && { segments: f.segments }),
      ...(inactiveDays !== undefined && { inactiveDays }),
    },
  };
  const input = plainToInstance(RibbonCampaignInputDto, plain);
  for (const e of flatten(validateSync(input, { whitelist: true, forbidNonWhitelisted: true }))) {
    const field = FIELD_OF[e.path] ?? 'form';
    errors[field] ??= e.path === 'color' ? 'ribbons.errors.color' : 'ribbons.errors.invalid';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input };
}

/** class-validator property paths → the form field that shows the error. */
const FIELD_OF: Record<string, string> = {
  name: 'name',
  title: 'titles',
  color: 'color',
  action: 'actionUrl',
  'action.urlinApp': 'actionUrl',
  'action.urlExternal': 'actionUrl',
  priority: 'priority',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  audience: 'audienceKind',
  'audience.kind': 'audienceKind',
  'audience.logins': 'audienceIds',
  'audience.userIds': 'audienceIds',
  'audience.segments': 'segments',
  'audience.inactiveDays': 'inactiveDays',
};

function flatten(errors: ValidationError[], prefix = ''): Array<{ path: string }> {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...(e.constraints ? [{ path }] : []), ...flatten(e.children ?? [], path)];
  });
}

/** What the preview shows for one language: the ribbon as cTrader draws it, with sample values for the placeholders. */
export interface RibbonPreview {
  language: string;
  text: string;
  /** `#rrggbb` background (a valid colour, else the default) and a readable text colour on it. */
  background: string;
  foreground: string;
  closable: boolean;
  actionKind: 'urlinApp' | 'urlExternal';
  actionUrl: string;
  /** A placeholder had no sample value: cTrader would not show this ribbon for such a user. */
  hidden: boolean;
}

export const PREVIEW_SAMPLE = { firstName: 'Alex', lastName: 'Morgan', accountNumber: '1000123', currency: 'USD' };

/** The ribbon as cTrader shows it, in every language the form has a title for (the preview language first). */
export function ribbonPreviews(f: RibbonFormValues, brandName: string, defaultLanguage: string): RibbonPreview[] {
  const background = /^#[0-9a-fA-F]{6}$/.test(f.color) ? f.color.toLowerCase() : '#1a73e8';
  const languages = [f.previewLanguage, ...Object.keys(f.titles).filter((l) => l !== f.previewLanguage)].filter((l) => f.titles[l] !== undefined);
  if (!languages.length) return [];
  return languages.map((language) => {
    const raw = pickTitle(f.titles, language, defaultLanguage);
    const rendered = renderTitle(raw, { ...PREVIEW_SAMPLE, brokerName: brandName });
    return {
      language,
      text: rendered ?? raw,
      background,
      foreground: readableOn(background),
      closable: f.closable,
      actionKind: f.actionKind,
      actionUrl: f.actionUrl,
      hidden: rendered === null,
    };
  });
}

/** Black or white, whichever contrasts more with the background (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

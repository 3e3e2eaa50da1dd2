import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerCrmName, checkBrokerName, registerCtraderCall } from '../ctrader-call';
import { CtraderError } from '../ctrader-error';
import { isHttpUrl, RIBBON_COLOR } from '../ctrader-formats';
import { requireUser } from '../ctrader-lookups';
import { FieldReader } from '../field-reader';
import { SimulatorBrokerConfig } from '../simulator-options';
import { SimulatorContext } from '../simulator-context';
import { RibbonAction, SimInAppRules, SimRibbon } from '../simulator-records';

/** Exact spelling matters: CT's field is `urlinApp` with a lower-case i (contract 3.9). */
const ACTION_KEYS = ['urlExternal', 'urlinApp'] as const;

/** 3.9: replaces a user's in-app rule set (ribbons). `rules: {}` clears it. */
export function registerInAppControlsRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  registerCtraderCall(
    app,
    ctx,
    { call: '3.9', method: 'PUT', url: '/cid/oauth2/ctid/inAppControls' },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const brokerCrmName = body.string('brokerCrmName');
      const userId = body.int('userId');
      const rules = readRules(body.object('rules'), manager);
      body.rejectUnknown();
      checkBrokerCrmName(manager, brokerCrmName);
      requireUser(ctx.state, brokerCrmName, userId);
      ctx.state.setInAppControls(brokerCrmName, userId, rules);
      return { status: 201, body: {} };
    }),
  );
}

function readRules(rules: FieldReader, manager: SimulatorBrokerConfig): SimInAppRules {
  if (!rules.has('ribbons')) return {};
  const ribbons = rules.array('ribbons').map((value, index) => readRibbon(rules.element('ribbons', index, value), manager));
  return { ribbons };
}

function readRibbon(ribbon: FieldReader, manager: SimulatorBrokerConfig): SimRibbon {
  const result: SimRibbon = {
    color: ribbon.matching('color', RIBBON_COLOR, 'a colour in the form #rrggbb'),
    title: ribbon.string('title'),
    enabled: ribbon.boolean('enabled'),
    closable: ribbon.boolean('closable'),
    action: readAction(ribbon.object('action')),
  };
  const brokerName = ribbon.optionalString('brokerName');
  if (brokerName !== undefined) {
    checkBrokerName(manager, brokerName, ribbon.name('brokerName'));
    result.brokerName = brokerName;
  }
  if (ribbon.has('ctidTraderAccountId')) {
    // A string at CT, unlike everywhere else; a number here is the broker's bug, so it is refused.
    result.ctidTraderAccountId = ribbon.matching('ctidTraderAccountId', /^[0-9]+$/, 'a string of digits');
  }
  return result;
}

function readAction(action: FieldReader): RibbonAction {
  const keys = action.keys();
  const allowed = `an action has exactly one of ${ACTION_KEYS.join(', ')} (case-sensitive)`;
  const unknown = keys.find((key) => !(ACTION_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw action.invalid(unknown, `is not allowed: ${allowed}`);
  }
  if (keys.length !== 1) {
    throw CtraderError.invalidRequest(`'${action.label()}' is invalid: ${allowed}`);
  }
  const key = keys[0] as (typeof ACTION_KEYS)[number];
  const url = action.string(key);
  if (!isHttpUrl(url)) {
    throw action.invalid(key, 'must be an http(s) URL');
  }
  return key === 'urlExternal' ? { urlExternal: url } : { urlinApp: url };
}

import { CtraderError, CtraderErrorCode } from './ctrader-error';
import { SimulatorBrokerConfig } from './simulator-options';
import { SimulatorContext } from './simulator-context';

export interface MintLightIdentityTokenInput {
  brokerCrmName: string;
  /** The cTrader user the token stands for; created in the simulator if unknown. Omitted = a new user. */
  userId?: number;
  /** Required when the user is created; defaults to the user's email otherwise. */
  email?: string;
  tradingLogin?: number | null;
  /** Default 60 s, like CT's one-time tokens. */
  ttlMs?: number;
  /**
   * The docs do not fix the token's format; `jwt` mints a JWT-shaped one (dots included) so tests prove the
   * broker accepts any URL-safe token. Default `base64url` (32 random bytes).
   */
  format?: 'base64url' | 'jwt';
}

export interface MintedLightIdentityToken {
  token: string;
  userId: number;
  expiresAt: number;
}

export interface RedeemedLightIdentity {
  userId: number;
  email: string;
  tradingLogin: number | null;
}

const DEFAULT_TTL_MS = 60000;
/** Anything that is not URL-safe text of a sane length cannot be one of ours (but is still a plain 404 at CT). */
const TOKEN_FORMAT = /^[A-Za-z0-9._~-]{1,4096}$/;

/**
 * Mints the token a cTrader app would hand to the broker's screen in the Light identity flow. In real life CT
 * mints these; tests mint them for users the broker has never seen, so an unknown user is created on the fly.
 */
export function mintLightIdentityToken(ctx: SimulatorContext, input: MintLightIdentityTokenInput): MintedLightIdentityToken {
  const { state } = ctx;
  if (!ctx.brokerByCrmName(input.brokerCrmName)) {
    throw new CtraderError(400, CtraderErrorCode.InvalidBrokerCrmName, 'brokerCrmName is not configured in the simulator');
  }
  const ttlMs = input.ttlMs ?? DEFAULT_TTL_MS;
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 0) {
    throw CtraderError.invalidRequest("'ttlMs' must be an integer >= 0");
  }
  const existing = input.userId === undefined ? undefined : state.getUser(input.userId);
  if (existing && existing.brokerCrmName !== input.brokerCrmName) {
    throw CtraderError.invalidRequest(`user ${input.userId} belongs to another brokerCrmName`);
  }
  const email = input.email ?? existing?.email;
  if (!email) {
    throw CtraderError.invalidRequest("'email' is required to mint a token for a new user");
  }
  const userId = existing?.userId ?? createUserFor(ctx, { brokerCrmName: input.brokerCrmName, email, userId: input.userId });
  const record = state.storeLightIdentityToken(
    {
      brokerCrmName: input.brokerCrmName,
      userId,
      email,
      tradingLogin: input.tradingLogin ?? null,
      expiresAt: ctx.now() + ttlMs,
    },
    input.format ?? 'base64url',
  );
  return { token: record.token, userId, expiresAt: record.expiresAt };
}

/** LI redeem: single use, bounded lifetime, and only for the CRM of the manager that redeems it. */
export function redeemLightIdentityToken(ctx: SimulatorContext, manager: SimulatorBrokerConfig, token: string): RedeemedLightIdentity {
  const record = TOKEN_FORMAT.test(token) ? ctx.state.findLightIdentityToken(token) : undefined;
  if (!record || record.brokerCrmName !== manager.brokerCrmName) {
    throw new CtraderError(404, CtraderErrorCode.TokenNotFound, 'Token not found');
  }
  if (record.redeemedAt !== null) {
    throw new CtraderError(403, CtraderErrorCode.TokenAlreadyUsed, 'Token already used');
  }
  if (ctx.now() >= record.expiresAt) {
    throw new CtraderError(403, CtraderErrorCode.TokenExpired, 'Token expired');
  }
  ctx.state.markLightIdentityTokenRedeemed(record);
  return { userId: record.userId, email: record.email, tradingLogin: record.tradingLogin };
}

function createUserFor(ctx: SimulatorContext, input: { brokerCrmName: string; email: string; userId?: number }): number {
  if (ctx.state.findUserByEmail(input.brokerCrmName, input.email)) {
    throw new CtraderError(400, CtraderErrorCode.EmailAlreadyExists, 'A user with this email already exists');
  }
  return ctx.state.createUser(input).userId;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../database/epoch-ms.column';

/** The three places a trader has a screen session: SSO screens, in-app screens, the client area. */
export type ScreenSessionKind = 'sso' | 'inapp' | 'client';
export const SCREEN_SESSION_KINDS: readonly ScreenSessionKind[] = ['sso', 'inapp', 'client'];

/**
 * A screen session (contract §1.6): server-side, so every instance behind the load balancer sees the same
 * state and a revocation is immediate. The cookie holds 256 random bits; the row holds only their SHA-256, so
 * a database dump cannot be replayed as a cookie.
 */
@Entity('screen_session')
@Index('IDX_screen_session_user', ['brokerName', 'userId'])
@Index('IDX_screen_session_expires', ['expiresAt'])
export class ScreenSession {
  /** SHA-256 (hex) of the cookie value. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** The local user's id (no foreign key: the users table belongs to another module). */
  @Column({ type: 'varchar', length: 64 }) userId: string;
  @Column({ type: 'varchar', length: 8 }) kind: ScreenSessionKind;
  /** The trading account an in-app session was opened for (`account` of the screen URL), if any. */
  @BigIntColumn({ nullable: true }) accountLogin: number | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() lastSeenAt: number;
  /** Idle expiry, slid forward on use (config tokens.screenSessionIdleMinutes). */
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
  /** Small per-flow state as JSON (bounded by ScreenSessionService). Never a secret. */
  @Column({ type: 'text', default: '{}' }) data: string;
}

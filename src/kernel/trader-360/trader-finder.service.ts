import { Injectable } from '@nestjs/common';
import { UsersService } from '../users/users.service';
import { TraderUser } from '../users/trader-user.entity';

/** Which of a trader's ids a search matched (one trader has three: local id, cTID userId, trading login). */
export type TraderMatchKind = 'email' | 'localId' | 'ctid' | 'login' | 'name';

export interface TraderMatch {
  kind: TraderMatchKind;
  user: TraderUser;
  /** The trading login that matched (kind `login`). */
  login?: number;
}

const MAX_MATCHES = 20;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One search box for the four ids staff are given (issue #19): an email, our local id, the cTID userId or a
 * trading login. The text says which: `@` → email; digits → every id kind it could be (a number may be a login of
 * one trader and the cTID of another: all matches are listed, each labelled); anything else → a name or email
 * fragment. Always within one broker.
 */
@Injectable()
export class TraderFinder {
  constructor(private readonly users: UsersService) {}

  async search(brokerName: string, query: string): Promise<TraderMatch[]> {
    const q = query.trim();
    if (!q) return [];
    if (/^\d{1,18}$/.test(q)) return this.byNumber(brokerName, Number(q));
    const like = `%${escapeLike(q.toLowerCase())}%`;
    if (q.includes('@')) {
      const exact = await this.users.findByEmail(brokerName, q.toLowerCase());
      if (exact) return [{ kind: 'email', user: exact }];
      const rows = await this.users
        .usersOf(brokerName)
        .queryBuilder('u')
        .andWhere("LOWER(u.email) LIKE :like ESCAPE '\\'", { like })
        .orderBy('u.id', 'DESC')
        .take(MAX_MATCHES)
        .getMany();
      return rows.map((user) => ({ kind: 'email', user }));
    }
    const rows = await this.users
      .usersOf(brokerName)
      .queryBuilder('u')
      .andWhere("(LOWER(u.email) LIKE :like ESCAPE '\\' OR LOWER(u.firstName) LIKE :like ESCAPE '\\' OR LOWER(u.lastName) LIKE :like ESCAPE '\\')", { like })
      .orderBy('u.id', 'DESC')
      .take(MAX_MATCHES)
      .getMany();
    return rows.map((user) => ({ kind: 'name', user }));
  }

  private async byNumber(brokerName: string, n: number): Promise<TraderMatch[]> {
    if (!Number.isSafeInteger(n) || n <= 0) return [];
    const out: TraderMatch[] = [];
    const account = await this.users.accountsOf(brokerName).findOneBy({ login: n });
    const byLogin = account ? await this.users.findById(brokerName, account.userId) : null;
    if (byLogin) out.push({ kind: 'login', user: byLogin, login: n });
    const byCtid = await this.users.findByCtidUserId(brokerName, n);
    if (byCtid) out.push({ kind: 'ctid', user: byCtid });
    const byId = n <= 2_147_483_647 ? await this.users.findById(brokerName, n) : null;
    if (byId) out.push({ kind: 'localId', user: byId });
    return out;
  }
}

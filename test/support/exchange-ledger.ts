import { DataSource, In } from 'typeorm';
import { AccessToken } from '../../src/kernel/tokens/access-token.entity';
import { InappToken } from '../../src/kernel/tokens/inapp-token.entity';
import { hashToken } from '../../src/kernel/tokens/token-format';

export interface ExchangeLedger {
  /** Login OT tokens that produced at least one access token. */
  exchanged: number;
  /** Login OT tokens that produced more than one access token, or more than one inappToken (4.2 answered twice). */
  duplicated: number;
}

/**
 * What the database says 4.2 issued for these login OT tokens — whatever the HTTP answers said. A server that
 * commits an exchange and dies before answering leaves a client that saw no token; only the rows tell whether its
 * retry got a second one. Revoked rows count: a token that was issued was issued.
 */
export async function exchangeLedger(ds: DataSource, loginTokens: string[]): Promise<ExchangeLedger> {
  const hashes = loginTokens.map(hashToken);
  const perToken = async (entity: typeof AccessToken | typeof InappToken) => {
    const counts = new Map<string, number>();
    // Chunks keep the IN list well under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await ds
        .getRepository(entity)
        .find({ select: { sourceOneTimeTokenHash: true }, where: { sourceOneTimeTokenHash: In(hashes.slice(i, i + 500)) } });
      for (const r of rows) counts.set(r.sourceOneTimeTokenHash, (counts.get(r.sourceOneTimeTokenHash) ?? 0) + 1);
    }
    return counts;
  };
  const access = await perToken(AccessToken);
  const inapp = await perToken(InappToken);
  const duplicated = hashes.filter((h) => (access.get(h) ?? 0) > 1 || (inapp.get(h) ?? 0) > 1).length;
  return { exchanged: access.size, duplicated };
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AdminPrincipal } from './admin-principal';
import { AdminApiKey, AdminRole } from './admin-api-key.entity';
import { Clock } from '../clock';

const KEY_PREFIX = 'cbi_admin_';

export function hashAdminKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedAdminKey {
  id: string;
  key: string;
  name: string;
  role: AdminRole;
  brokers: string[] | '*';
}

/** Admin API keys: random 256-bit bearer secrets, looked up by SHA-256 (the key itself is never stored). */
@Injectable()
export class AdminApiKeyService {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(AdminApiKey) private readonly keys: Repository<AdminApiKey>,
  ) {}

  async create(input: { name: string; role: AdminRole; brokers: string[] | '*'; key?: string; id?: string }): Promise<CreatedAdminKey> {
    const key = input.key ?? KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = input.id ?? randomUUID();
    await this.keys.insert({
      id,
      name: input.name,
      keyHash: hashAdminKey(key),
      role: input.role,
      brokers: JSON.stringify(input.brokers === '*' ? ['*'] : input.brokers),
      createdAt: this.clock.now(),
      revokedAt: null,
    });
    return { id, key, name: input.name, role: input.role, brokers: input.brokers };
  }

  async authenticate(key: string): Promise<AdminPrincipal | null> {
    const row = await this.keys.findOneBy({ keyHash: hashAdminKey(key), revokedAt: IsNull() });
    return row ? toPrincipal(row) : null;
  }

  async list(): Promise<AdminPrincipal[]> {
    return (await this.keys.find({ where: { revokedAt: IsNull() }, order: { createdAt: 'ASC' } })).map(toPrincipal);
  }

  async revoke(id: string): Promise<AdminPrincipal | null> {
    const row = await this.keys.findOneBy({ id, revokedAt: IsNull() });
    if (!row) return null;
    await this.keys.update({ id }, { revokedAt: this.clock.now() });
    return toPrincipal(row);
  }

  /** The bootstrap key of config (DEMO_ADMIN_KEY): present once, matched by hash, never duplicated. */
  async ensureBootstrapKey(key: string, brokers: string[] | '*'): Promise<void> {
    const hash = hashAdminKey(key);
    if (await this.keys.findOneBy({ keyHash: hash })) return;
    await this.create({ name: 'bootstrap', role: 'write', brokers, key });
  }

  async count(): Promise<number> {
    return this.keys.countBy({ revokedAt: IsNull() });
  }
}

function toPrincipal(row: AdminApiKey): AdminPrincipal {
  const brokers = JSON.parse(row.brokers) as string[];
  return { keyId: row.id, name: row.name, role: row.role, brokers: brokers.includes('*') ? '*' : brokers };
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AdminPrincipal } from './admin-principal';
import { AdminApiKey } from './admin-api-key.entity';
import { AdminRole, roleOfLegacyKey } from './admin-roles';
import { StaffMember } from './staff/staff-member.entity';
import { Clock } from '../clock';

const KEY_PREFIX = 'cbi_admin_';

export function hashAdminKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** An admin key as the console lists it (never the key or its hash). */
export interface AdminKeyView {
  id: string;
  name: string;
  role: AdminRole;
  brokers: string[] | '*';
  ownerStaffId: string | null;
}

export interface CreatedAdminKey extends AdminKeyView {
  key: string;
}

/** Admin API keys: random 256-bit bearer secrets, looked up by SHA-256 (the key itself is never stored). */
@Injectable()
export class AdminApiKeyService {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(AdminApiKey) private readonly keys: Repository<AdminApiKey>,
    /** Optional: the CLI builds this service without staff (its keys are machines' keys). */
    @Optional() @InjectRepository(StaffMember) private readonly staff?: Repository<StaffMember>,
  ) {}

  async create(input: {
    name: string;
    /** `read`/`write` (before issue #19) still mean viewer/admin. */
    role: AdminRole | 'read' | 'write';
    brokers: string[] | '*';
    key?: string;
    id?: string;
    ownerStaffId?: string | null;
    now?: number;
  }): Promise<CreatedAdminKey> {
    const key = input.key ?? KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = input.id ?? randomUUID();
    const ownerStaffId = input.ownerStaffId ?? null;
    const role = roleOfLegacyKey(input.role);
    await this.keys.insert({
      id,
      name: input.name,
      keyHash: hashAdminKey(key),
      role,
      brokers: JSON.stringify(input.brokers === '*' ? ['*'] : input.brokers),
      ownerStaffId,
      createdAt: input.now ?? this.clock.now(),
      revokedAt: null,
    });
    return { id, key, name: input.name, role, brokers: input.brokers, ownerStaffId };
  }

  async authenticate(key: string): Promise<AdminPrincipal | null> {
    const row = await this.keys.findOneBy({ keyHash: hashAdminKey(key), revokedAt: IsNull() });
    if (!row) return null;
    if (row.ownerStaffId === null) return toPrincipal(row, null);
    // A person's key works only while the person does (disable() also revokes it; this is the second line).
    const owner = this.staff ? await this.staff.findOneBy({ id: row.ownerStaffId, status: 'active' }) : null;
    return owner ? toPrincipal(row, owner.email) : null;
  }

  async list(): Promise<AdminKeyView[]> {
    return (await this.keys.find({ where: { revokedAt: IsNull() }, order: { createdAt: 'ASC' } })).map(toView);
  }

  async revoke(id: string, now = this.clock.now()): Promise<AdminKeyView | null> {
    const row = await this.keys.findOneBy({ id, revokedAt: IsNull() });
    if (!row) return null;
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return toView(row);
  }

  /** A disabled person's keys stop working with their sessions. */
  async revokeOwnedBy(staffId: string, now: number): Promise<number> {
    return (await this.keys.update({ ownerStaffId: staffId, revokedAt: IsNull() }, { revokedAt: now })).affected ?? 0;
  }

  /** The bootstrap key of config (DEMO_ADMIN_KEY): present once, matched by hash, never duplicated. */
  async ensureBootstrapKey(key: string, brokers: string[] | '*'): Promise<void> {
    const hash = hashAdminKey(key);
    if (await this.keys.findOneBy({ keyHash: hash })) return;
    await this.create({ name: 'bootstrap', role: 'admin', brokers, key });
  }

  async count(): Promise<number> {
    return this.keys.countBy({ revokedAt: IsNull() });
  }
}

function toView(row: AdminApiKey): AdminKeyView {
  const brokers = JSON.parse(row.brokers) as string[];
  return { id: row.id, name: row.name, role: row.role, brokers: brokers.includes('*') ? '*' : brokers, ownerStaffId: row.ownerStaffId };
}

function toPrincipal(row: AdminApiKey, ownerEmail: string | null): AdminPrincipal {
  const view = toView(row);
  const brokerList = view.brokers === '*' ? ['*'] : view.brokers;
  return {
    actorType: 'key',
    actorId: row.id,
    actor: `admin:${row.id}`,
    name: row.name,
    personId: row.ownerStaffId,
    personEmail: ownerEmail,
    grants: brokerList.map((broker) => ({ broker, role: row.role })),
    brokers: view.brokers,
  };
}

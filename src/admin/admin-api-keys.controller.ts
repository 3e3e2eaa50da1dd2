import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../kernel/audit';
import { ContractException, ErrorCode } from '../kernel/errors';
import {
  AdminApiKeyService,
  AdminKeyView,
  AdminPrincipal,
  AdminRoute,
  CurrentAdmin,
  mayAdminister,
  roleOfLegacyKey,
  StaffService,
} from '../kernel/admin-access';
import { AdminKeyDto, CreateAdminKeyDto, CreatedAdminKeyDto } from './dto/admin.dto';
import { ApiTag } from '../kernel/openapi';

@ApiTags(ApiTag.AdminAccess)
@Controller('admin/api-keys')
export class AdminApiKeysController {
  constructor(
    private readonly keys: AdminApiKeyService,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
  ) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: 'Admin keys visible to this key (those within its brokers)' })
  @ApiOkResponse({ type: [AdminKeyDto] })
  async list(@CurrentAdmin() admin: AdminPrincipal): Promise<AdminKeyDto[]> {
    return (await this.keys.list()).filter((k) => covers(admin, k.brokers)).map(toDto);
  }

  @Post()
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Create an admin key; the key is returned once. A key can only grant brokers it has.' })
  @ApiCreatedResponse({ type: CreatedAdminKeyDto })
  async create(@CurrentAdmin() admin: AdminPrincipal, @Body() body: CreateAdminKeyDto, @Req() req: { id: string }): Promise<CreatedAdminKeyDto> {
    const brokers = body.brokers.includes('*') ? '*' : body.brokers;
    if (!covers(admin, brokers)) throw new ContractException(ErrorCode.AdminBrokerForbidden, 'A key cannot grant brokers it does not administer');
    if (body.ownerStaffId && !(await this.staff.find(body.ownerStaffId))) throw new ContractException(ErrorCode.NotFound, 'No such staff member');
    const created = await this.keys.create({ name: body.name, role: roleOfLegacyKey(body.role), brokers, ownerStaffId: body.ownerStaffId ?? null });
    await this.audit.record({
      brokerName: brokers === '*' || brokers.length !== 1 ? null : brokers[0],
      category: 'admin',
      action: 'admin_key.create',
      actor: admin.actor,
      target: `admin_key:${created.id}`,
      details: { name: created.name, role: created.role, brokers, ownerStaffId: created.ownerStaffId },
      requestId: req.id,
    });
    return { ...toDto(created), key: created.key };
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Revoke an admin key' })
  @ApiNoContentResponse()
  async revoke(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<void> {
    const target = (await this.keys.list()).find((k) => k.id === id);
    if (!target || !covers(admin, target.brokers)) throw new ContractException(ErrorCode.NotFound, 'No such admin key');
    await this.keys.revoke(id);
    await this.audit.record({
      brokerName: target.brokers === '*' || target.brokers.length !== 1 ? null : target.brokers[0],
      category: 'admin',
      action: 'admin_key.revoke',
      actor: admin.actor,
      target: `admin_key:${id}`,
      requestId: req.id,
    });
  }
}

function covers(admin: AdminPrincipal, brokers: string[] | '*'): boolean {
  if (admin.brokers === '*') return true;
  return brokers !== '*' && brokers.every((b) => mayAdminister(admin, b));
}

function toDto(k: AdminKeyView): AdminKeyDto {
  return { id: k.id, name: k.name, role: k.role, brokers: k.brokers === '*' ? ['*'] : k.brokers, ownerStaffId: k.ownerStaffId };
}

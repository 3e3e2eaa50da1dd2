import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../kernel/audit';
import { AdminPrincipal, AdminRoute, CurrentAdmin, mayAdminister } from '../kernel/admin-access';
import { ContractException, ErrorCode } from '../kernel/errors';
import { AuditEventDto, AuditQueryDto } from './dto/admin.dto';
import { ApiTag } from '../kernel/openapi';

@ApiTags(ApiTag.Audit)
@Controller('admin/audit-events')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: 'Audit events (admin writes, security events), newest first' })
  @ApiOkResponse({ type: [AuditEventDto] })
  async list(@CurrentAdmin() admin: AdminPrincipal, @Query() q: AuditQueryDto): Promise<AuditEventDto[]> {
    // Deployment-wide, with an optional broker filter: a broker the caller does not administer is refused, not empty.
    if (q.brokerName !== undefined && !mayAdminister(admin, q.brokerName)) {
      throw new ContractException(ErrorCode.AdminBrokerForbidden, 'You may not read that broker');
    }
    const events = await this.audit.list({
      brokers: admin.brokers,
      brokerName: q.brokerName,
      category: q.category,
      actor: q.actor,
      limit: q.limit ?? 50,
      beforeId: q.beforeId,
    });
    return events.map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown>, createdAt: new Date(e.createdAt).toISOString() }));
  }
}

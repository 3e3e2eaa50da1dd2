import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContractException, ErrorBody, ErrorCode } from '../../errors';
import { AdminPrincipal, mayAdminister } from '../admin-principal';
import { AdminGrant } from '../admin-roles';
import { AdminRoute, CurrentAdmin } from '../admin-route.decorator';
import { staffView, StaffService } from './staff.service';
import { InviteStaffDto, StaffDto, StaffGrantsDto } from './staff.dto';
import { ApiTag } from '../../openapi';

/**
 * Managing back-office people (permission admin.manage). An admin can only grant, change or disable within the
 * brokers they administer; a `*` grant needs an admin of `*` (no one grants more than they hold).
 */
@ApiTags(ApiTag.AdminAccess)
@Controller('admin/staff')
export class StaffAdminController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: 'Staff members (those whose grants are all within your brokers)' })
  @ApiOkResponse({ type: [StaffDto] })
  async list(@CurrentAdmin() admin: AdminPrincipal): Promise<StaffDto[]> {
    return (await this.staff.list()).map(staffView).filter((s) => covers(admin, s.grants));
  }

  @Post()
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Invite a person by email: they set their own password with a single-use link, then enrol 2FA' })
  @ApiCreatedResponse({ type: StaffDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: a staff member with this email (in any letter case) exists' })
  async invite(@CurrentAdmin() admin: AdminPrincipal, @Body() body: InviteStaffDto, @Req() req: { id: string }): Promise<StaffDto> {
    this.mayGrant(admin, body.grants);
    return this.staff.invite(body, admin, req.id);
  }

  @Post(':id/invite')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Send a new invitation link (earlier links stop working)' })
  @ApiOkResponse({ type: StaffDto })
  async reinvite(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<StaffDto> {
    await this.visible(admin, id);
    return this.staff.reinvite(id, admin, req.id);
  }

  @Put(':id/grants')
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: "Replace a person's roles (per broker, or *)" })
  @ApiOkResponse({ type: StaffDto })
  async setGrants(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Body() body: StaffGrantsDto, @Req() req: { id: string }): Promise<StaffDto> {
    await this.visible(admin, id);
    this.mayGrant(admin, body.grants);
    return this.staff.setGrants(id, body.grants, admin, req.id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Disable a person: their sessions and their keys stop working now' })
  @ApiOkResponse({ type: StaffDto })
  async disable(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<StaffDto> {
    await this.visible(admin, id);
    return this.staff.disable(id, admin, req.id);
  }

  private mayGrant(admin: AdminPrincipal, grants: AdminGrant[]): void {
    if (!covers(admin, grants)) throw new ContractException(ErrorCode.AdminBrokerForbidden, 'You cannot grant roles on brokers you do not administer');
  }

  /** Someone with grants beyond yours does not exist for you (no probing). */
  private async visible(admin: AdminPrincipal, id: string): Promise<void> {
    const member = await this.staff.find(id);
    if (!member || !covers(admin, staffView(member).grants)) throw new ContractException(ErrorCode.NotFound, 'No such staff member');
  }
}

function covers(admin: AdminPrincipal, grants: AdminGrant[]): boolean {
  return grants.every((g) => (g.broker === '*' ? admin.brokers === '*' : mayAdminister(admin, g.broker)));
}

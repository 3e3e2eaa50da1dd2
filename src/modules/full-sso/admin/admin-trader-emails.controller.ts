import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTag } from '../../../kernel/openapi';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ModuleKey } from '../../../config/module-key';
import { AdminBrokerRoute, AdminPrincipal, CurrentAdmin, CurrentAdminBroker } from '../../../kernel/admin-access';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ContractException, ErrorBody, ErrorCode } from '../../../kernel/errors';
import { TraderUser, UsersService } from '../../../kernel/users';
import { SupportEmailResult, SupportEmails } from '../services/support-emails.service';

export class SupportEmailQueuedDto {
  @ApiProperty({ description: 'The message in the email outbox (GET /admin/brokers/{brokerName}/email-outbox)' }) emailId: number;
  @ApiProperty({ description: 'The address it goes to: the profile’s email' }) to: string;
}

/**
 * Support sends a trader's emails again (issue #19, permission traders.support): the link confirming the profile's
 * email address, and a password-reset link. The trader is found by local id within the broker of the path only (a
 * trader of another broker is 404). Both are audited with the email's id.
 */
@ApiTags(ApiTag.Users)
@Controller('admin/brokers/:brokerName/users/:id/emails')
export class AdminTraderEmailsController {
  constructor(
    private readonly users: UsersService,
    private readonly emails: SupportEmails,
  ) {}

  @Post('verification')
  @HttpCode(202)
  @AdminBrokerRoute('traders.support', ModuleKey.FullSso)
  @ApiOperation({ summary: 'Send the trader a link that confirms their email address (single use; it expires like an email-change link)' })
  @ApiAcceptedResponse({ type: SupportEmailQueuedDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the email address is already verified' })
  async verification(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<SupportEmailQueuedDto> {
    const user = await this.trader(broker, id);
    return this.answer(user, await this.emails.sendVerification(broker, user, { actor: admin.actor, requestId: req.id }));
  }

  @Post('password-reset')
  @HttpCode(202)
  @AdminBrokerRoute('traders.support', ModuleKey.FullSso)
  @ApiOperation({ summary: 'Send the trader a password-reset link (the same single-use link as “Forgot password”)' })
  @ApiAcceptedResponse({ type: SupportEmailQueuedDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the trader is locked (unlock first: a locked profile cannot use the link)' })
  async passwordReset(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<SupportEmailQueuedDto> {
    const user = await this.trader(broker, id);
    return this.answer(user, await this.emails.sendPasswordReset(broker, user, { actor: admin.actor, requestId: req.id }));
  }

  private async trader(broker: BrokerContext, id: string): Promise<TraderUser> {
    const user = /^\d{1,9}$/.test(id) ? await this.users.findById(broker.brokerName, Number(id)) : null;
    if (!user) throw new ContractException(ErrorCode.NotFound, 'No such user');
    return user;
  }

  private answer(user: TraderUser, outcome: SupportEmailResult): SupportEmailQueuedDto {
    if (outcome.outcome === 'alreadyVerified') throw new ContractException(ErrorCode.Conflict, 'The email address is already verified');
    if (outcome.outcome === 'locked') throw new ContractException(ErrorCode.Conflict, 'The trader is locked; unlock them first');
    return { emailId: outcome.emailId!, to: user.email };
  }
}

import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContractException, ErrorBody, ErrorCode } from '../kernel/errors';
import { AdminPrincipal, AdminRoute, CurrentAdmin } from '../kernel/admin-access';
import { ConfigReloadService } from './config-reload.service';
import { ConfigReloadedDto } from './dto/admin.dto';
import { ApiTag } from '../kernel/openapi';

@ApiTags(ApiTag.Configuration)
@Controller('admin/config')
export class AdminConfigReloadController {
  constructor(private readonly reloads: ConfigReloadService) {}

  @Post('reload')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({
    summary: 'Re-read and validate the configuration of this instance (as SIGHUP does); applied whole or not at all',
    description:
      'Applies broker settings (brokers, white labels, branding, payment texts, 4.1 password hashes). Settings read at boot only ' +
      '(server, database, modules, mail, tokens…) are refused with a restart hint. Other instances reload on their own call or signal.',
  })
  @ApiOkResponse({ type: ConfigReloadedDto })
  @ApiResponse({ status: 422, type: ErrorBody, description: 'CONFIG_INVALID: every problem in the message; the previous configuration stays' })
  async reload(@CurrentAdmin() admin: AdminPrincipal, @Req() req: { id: string }): Promise<ConfigReloadedDto> {
    // The config holds every broker: only a key for all brokers may replace it.
    if (admin.brokers !== '*') throw new ContractException(ErrorCode.AdminBrokerForbidden, 'Reloading the configuration needs a key for all brokers');
    const outcome = await this.reloads.reload(admin.actor, req.id);
    if (!outcome.ok) {
      const n = outcome.problems.length;
      throw new ContractException(
        ErrorCode.ConfigInvalid,
        `The configuration was not reloaded (${n} problem${n === 1 ? '' : 's'}): ${outcome.problems.join('; ')}`,
      );
    }
    return { reloaded: true, ...outcome.changes };
  }
}

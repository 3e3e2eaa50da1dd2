import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';
import { AppConfigHolder } from '../config/app-config-holder';
import { maskedConfig } from '../config/config-loader';
import { BrokerContext, BrokerRegistry } from '../kernel/broker-identification';
import { ContractException, ErrorCode } from '../kernel/errors';
import { AdminBrokerRoute, AdminPrincipal, AdminRoute, CurrentAdmin, CurrentAdminBroker, mayAdminister } from '../kernel/admin-access';
import { BrokerModulesDto, ModuleStatusReportDto } from './dto/admin.dto';
import { ApiTag } from '../kernel/openapi';

@ApiTags(ApiTag.Configuration)
@Controller('admin')
export class AdminModulesController {
  constructor(
    private readonly config: AppConfig,
    private readonly current: AppConfigHolder,
    private readonly brokers: BrokerRegistry,
  ) {}

  @Get('modules')
  @AdminRoute('read')
  @ApiOperation({ summary: 'Modules loaded by the deployment and, per broker the key administers, which are on' })
  @ApiOkResponse({ type: ModuleStatusReportDto })
  modules(@CurrentAdmin() admin: AdminPrincipal): ModuleStatusReportDto {
    return {
      deployment: this.config.modules,
      brokers: this.brokers
        .all()
        .filter((b) => mayAdminister(admin, b.brokerName))
        .map((b) => this.brokerModules(b.brokerName)),
    };
  }

  @Get('brokers/:brokerName/modules')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "One broker's module status" })
  @ApiOkResponse({ type: BrokerModulesDto })
  brokerModulesRoute(@CurrentAdminBroker() broker: BrokerContext): BrokerModulesDto {
    return this.brokerModules(broker.brokerName);
  }

  @Get('config')
  @AdminRoute('read')
  @ApiOperation({ summary: "The running configuration (as last reloaded) with every secret masked (brokers limited to the key's)" })
  configView(@CurrentAdmin() admin: AdminPrincipal): Record<string, unknown> {
    const masked = maskedConfig(this.current.current) as { brokers: Array<{ brokerName: string }> };
    return { ...masked, brokers: masked.brokers.filter((b) => mayAdminister(admin, b.brokerName)) };
  }

  private brokerModules(brokerName: string): BrokerModulesDto {
    const b = this.brokers.findByName(brokerName);
    if (!b) throw new ContractException(ErrorCode.NotFound, 'No such broker');
    return {
      brokerName: b.brokerName,
      brokerCrmName: b.brokerCrmName,
      modules: Object.fromEntries(this.config.modules.map((m) => [m, b.modules.has(m)])),
    };
  }
}

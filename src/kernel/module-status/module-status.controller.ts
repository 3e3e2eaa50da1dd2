import { Controller, Get, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ModuleKey } from '../../config/module-key';
import { BrokerContext } from '../broker-identification/broker-context';
import { BrokerRoute } from '../broker-identification/broker-route.decorator';
import { CurrentBroker } from '../broker-identification/current-broker.decorator';
import { MODULE_API_TAG } from '../openapi';

export class ModuleStatusDto {
  @ApiProperty({ enum: ModuleKey }) module: ModuleKey;
  @ApiProperty() brokerName: string;
  @ApiProperty() enabled: boolean;
}

/**
 * Every feature module serves `GET /modules/<key>` behind both gates: absent when the deployment does not load
 * the module, 404 MODULE_DISABLED for a broker without it, 200 otherwise. Brokers and support use it to check
 * what a broker has switched on; the tests use it to prove the two gates.
 */
export function moduleStatusController(key: ModuleKey): Type<unknown> {
  @ApiTags(MODULE_API_TAG[key])
  @Controller(`modules/${key}`)
  @BrokerRoute(key)
  class ModuleStatusController {
    @Get()
    @ApiOperation({ summary: `Whether ${key} is on for the resolved broker` })
    @ApiOkResponse({ type: ModuleStatusDto })
    status(@CurrentBroker() broker: BrokerContext): ModuleStatusDto {
      return { module: key, brokerName: broker.brokerName, enabled: true };
    }
  }
  Object.defineProperty(ModuleStatusController, 'name', { value: `${key[0].toUpperCase()}${key.slice(1)}StatusController` });
  return ModuleStatusController;
}

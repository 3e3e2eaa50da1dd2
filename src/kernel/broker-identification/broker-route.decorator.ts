import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ModuleKey } from '../../config/module-key';
import { ErrorBody } from '../errors/error-body';
import { DEMO_BROKER, DEMO_LIGHT_BROKER } from '../openapi';
import { BrokerIdentificationGuard } from './broker-identification.guard';
import { RequiresModule } from './requires-module.decorator';

/**
 * Marks a controller (or route) as broker-facing: guarded by BrokerIdentification, optionally gated by a module,
 * and documented with the guard's answers in the OpenAPI document.
 */
export function BrokerRoute(module?: ModuleKey) {
  return applyDecorators(
    UseGuards(BrokerIdentificationGuard),
    ...(module ? [RequiresModule(module)] : []),
    // The examples name the demo's brokers (config/default.yaml): Light identity is on demo_light, the rest on demo_broker.
    ApiQuery({
      name: 'brokerName',
      required: false,
      description: 'Broker id (query, JSON body or host mapping)',
      example: module === ModuleKey.LightIdentity ? DEMO_LIGHT_BROKER.brokerName : DEMO_BROKER.brokerName,
    }),
    ApiQuery({
      name: 'brokerCrmName',
      required: false,
      description: 'CRM id (query, JSON body or host mapping)',
      example: module === ModuleKey.LightIdentity ? DEMO_LIGHT_BROKER.brokerCrmName : DEMO_BROKER.brokerCrmName,
    }),
    ApiResponse({ status: 400, type: ErrorBody, description: 'BROKER_ID_MISSING, MISSING_REQUIRED_PARAMETER, INVALID_REQUEST' }),
    ApiResponse({ status: 401, type: ErrorBody, description: 'BROKER_ID_INVALID' }),
    ApiResponse({ status: 403, type: ErrorBody, description: 'BROKER_ID_MISMATCH' }),
    ...(module ? [ApiResponse({ status: 404, type: ErrorBody, description: 'MODULE_DISABLED for this broker' })] : []),
  );
}

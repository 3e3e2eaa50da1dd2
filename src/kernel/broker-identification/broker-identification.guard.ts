import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ModuleKey } from '../../config/module-key';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { BrokerContext } from './broker-context';
import { BrokerRegistry } from './broker-registry.service';
import { resolveBroker } from './broker-resolver';
import { REQUIRED_MODULE } from './requires-module.decorator';

export type BrokerRequest = FastifyRequest & { broker?: BrokerContext };

/** The shared BrokerIdentification guard (contract §1.2) plus the per-broker module gate. */
@Injectable()
export class BrokerIdentificationGuard implements CanActivate {
  constructor(
    private readonly registry: BrokerRegistry,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<BrokerRequest>();
    const broker = request.broker ?? resolveBroker(this.registry, { query: request.query, body: request.body, hostname: request.hostname });
    request.broker = broker;
    const required = this.reflector.getAllAndOverride<ModuleKey | undefined>(REQUIRED_MODULE, [context.getHandler(), context.getClass()]);
    if (required) requireModule(broker, required);
    return true;
  }
}

/** The per-broker module gate: 404 MODULE_DISABLED when the broker does not have the module. */
export function requireModule(broker: BrokerContext, module: ModuleKey): void {
  if (!broker.modules.has(module)) throw new ContractException(ErrorCode.ModuleDisabled, `Module ${module} is not enabled for this broker`);
}

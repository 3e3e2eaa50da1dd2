import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { BrokerContext } from './broker-context';
import type { BrokerRequest } from './broker-identification.guard';

/** The BrokerContext resolved by BrokerIdentificationGuard. */
export const CurrentBroker = createParamDecorator((_data: unknown, ctx: ExecutionContext): BrokerContext => {
  const broker = ctx.switchToHttp().getRequest<BrokerRequest>().broker;
  if (!broker) throw new Error('CurrentBroker used on a route without BrokerIdentificationGuard');
  return broker;
});

import { Global, Module } from '@nestjs/common';
import { BrokerIdentificationGuard } from './broker-identification.guard';
import { BrokerRegistry } from './broker-registry.service';

@Global()
@Module({ providers: [BrokerRegistry, BrokerIdentificationGuard], exports: [BrokerRegistry, BrokerIdentificationGuard] })
export class BrokerIdentificationModule {}

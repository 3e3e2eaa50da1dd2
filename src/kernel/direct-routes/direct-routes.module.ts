import { Global, Module } from '@nestjs/common';
import { DirectRouteRegistry } from './direct-route-registry';

@Global()
@Module({ providers: [DirectRouteRegistry], exports: [DirectRouteRegistry] })
export class DirectRoutesModule {}

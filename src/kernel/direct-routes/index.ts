export { DirectRoute, DirectRouteRegistry } from './direct-route-registry';
export { DirectRoutesModule } from './direct-routes.module';

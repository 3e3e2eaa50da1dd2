/** kernel/direct-routes, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export { DirectRoute, DirectRouteRegistry } from './direct-route-registry';
export { DirectRoutesModule } from './direct-routes.module';

import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ADMIN_PERMISSION, AdminAuthGuard } from './admin-auth.guard';

/**
 * Refuses to boot when a handler is behind AdminAuthGuard without a permission (issue #19: every admin route states
 * its permission). AdminRoute's signature makes the permission mandatory; this catches a bare UseGuards(AdminAuthGuard).
 */
@Injectable()
export class AdminPermissionAudit implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = unpermittedAdminHandlers(this.discovery, this.scanner, this.reflector);
    if (missing.length) throw new Error(`Admin routes without a permission (use AdminRoute(permission)): ${missing.join(', ')}`);
  }
}

export function unpermittedAdminHandlers(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
    if (!type?.prototype) continue;
    const proto = type.prototype as Record<string, (...a: unknown[]) => unknown>;
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, type) as unknown[] | undefined) ?? [];
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [])];
      if (!guards.includes(AdminAuthGuard)) continue;
      if (!reflector.getAllAndOverride<string | undefined>(ADMIN_PERMISSION, [handler, type])) missing.push(`${type.name}.${name}`);
    }
  }
  return missing;
}

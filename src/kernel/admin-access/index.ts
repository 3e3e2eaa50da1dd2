/** kernel/admin-access, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './admin-access.module';
export * from './admin-api-key.entity';
export * from './admin-api-key.service';
export * from './admin-auth.guard';
export * from './admin-permission-audit';
export * from './admin-principal';
export * from './admin-roles';
export * from './admin-route.decorator';
export * from './staff-session-resolver';
export * from './staff/staff.module';
export * from './staff/staff.service';
export * from './staff/staff-session-cookie';
export * from './staff/staff-member.entity';
export * from './staff/staff-session.entity';
export * from './staff/staff-invite.entity';
export * from './staff/staff-recovery-code.entity';

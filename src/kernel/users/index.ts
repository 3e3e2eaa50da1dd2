/** kernel/users, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './import/trader-import-reader';
export * from './import/trader-import.service';
export * from './introducing-broker.resolver';
export * from './login-device.entity';
export * from './password-login.service';
export * from './person-name';
export * from './trader-consent.entity';
export * from './trader-user.entity';
export * from './trading-account.entity';
export * from './user-security.service';
export * from './users.module';
export * from './users.service';

import { IsInt, Max, Min } from 'class-validator';

/**
 * Per-account brute-force protection of every password login (kernel PasswordLogin): after
 * `maxFailedAttempts` wrong passwords in a row the account refuses logins for `lockoutMinutes`, whatever the
 * password, and a security audit event is written. An admin can unlock earlier.
 */
export class LoginProtectionConfig {
  @IsInt() @Min(1) @Max(1000) maxFailedAttempts = 5;
  @IsInt() @Min(1) @Max(24 * 60) lockoutMinutes = 15;
}

import { NumberFromText } from './from-env-text';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/** The trader import (issue #21; kernel/users/import): how weak hashes are treated and how big one import may be. */
export class UserImportConfig {
  /**
   * Unsalted MD5/SHA-1 hashes from the old system. `forceReset` (default): the import keeps no password for such a
   * trader, who sets a new one with "Forgot password" (and a weak hash imported earlier is never accepted at login);
   * `upgradeOnLogin`: accepted once like any other imported hash and replaced by scrypt at that login.
   */
  @IsIn(['forceReset', 'upgradeOnLogin']) weakHashes: 'forceReset' | 'upgradeOnLogin' = 'forceReset';
  /** Lines (records) one import may hold; the file is streamed, this bounds the work and the report. */
  @NumberFromText() @IsInt() @Min(1) @Max(1_000_000) maxLines = 100_000;
  /** Bytes one import file may hold (the admin API counts them as they stream in). */
  @NumberFromText() @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) maxBytes = 64 * 1024 * 1024;
  /** Characters one line (record) may hold. */
  @NumberFromText() @IsInt() @Min(256) @Max(1024 * 1024) maxLineLength = 16 * 1024;
}

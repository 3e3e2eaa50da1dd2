import { readFileSync } from 'node:fs';

/**
 * Secrets never appear literally in config files: a secret field holds a reference to an environment
 * variable or a file. `default` exists only for the demo configuration and is refused in production.
 */
export interface SecretRef {
  env?: string;
  file?: string;
  default?: string;
  /** The setting may stay unset when the variable/file is absent. */
  optional?: boolean;
}

export interface ResolvedSecret {
  value: string;
  /** true when the value came from `default` (a demo secret). */
  isDefault: boolean;
}

export const MASK = '******';

export function isSecretRef(value: unknown): value is SecretRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'env' || k === 'file' || k === 'default' || k === 'optional');
}

/** Resolves a reference (null: an optional secret that is not set); returns an error text instead of throwing so the loader can list every problem. */
export function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv): ResolvedSecret | string | null {
  if (ref.env && ref.file) return 'give either env or file, not both';
  if (ref.env) {
    const value = env[ref.env];
    if (value !== undefined && value !== '') return { value, isDefault: false };
    if (ref.default !== undefined) return { value: ref.default, isDefault: true };
    if (ref.optional) return null;
    return `environment variable ${ref.env} is not set`;
  }
  if (ref.file) {
    try {
      return { value: readFileSync(ref.file, 'utf8').trim(), isDefault: false };
    } catch {
      return `cannot read secret file ${ref.file}`;
    }
  }
  if (ref.default !== undefined) return { value: ref.default, isDefault: true };
  return 'a secret needs { env: NAME } or { file: PATH }';
}

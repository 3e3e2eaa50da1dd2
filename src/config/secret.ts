export interface SecretOptions {
  /** Written literally in the config (a slow hash, not a reference): not resolved, but masked in every view like any secret. */
  literal?: boolean;
}

/** The secret fields of each config class, recorded by @Secret(). */
const SECRET_FIELDS = new Map<object, Map<string, SecretOptions>>();

/**
 * Marks a config setting as a secret. In YAML it must be a reference (`{ env: NAME }` or `{ file: PATH }`), which the
 * loader resolves; the admin config view and the logs mask it. What is a secret is decided here, on the class, never
 * by a list of key names elsewhere.
 */
export function Secret(options: SecretOptions = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    const fields = SECRET_FIELDS.get(target) ?? new Map<string, SecretOptions>();
    fields.set(String(key), options);
    SECRET_FIELDS.set(target, fields);
  };
}

/** The secret fields of a config object (its class and the classes it extends); none for a plain object. */
export function secretFieldsOf(value: object): ReadonlyMap<string, SecretOptions> {
  const out = new Map<string, SecretOptions>();
  for (let proto = Object.getPrototypeOf(value) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const [k, o] of SECRET_FIELDS.get(proto) ?? []) if (!out.has(k)) out.set(k, o);
  }
  return out;
}

/** Every setting name marked @Secret() in any config class (the logger censors these keys wherever they appear). */
export function secretSettingNames(): string[] {
  return [...new Set([...SECRET_FIELDS.values()].flatMap((fields) => [...fields.keys()]))].sort();
}

import { EntityManager } from 'typeorm';

/** `?` placeholders as written, numbered `$n` on PostgreSQL: the tree's few hand-written statements stay readable. */
export function sqlFor(manager: EntityManager, text: string): string {
  if (manager.connection.options.type !== 'postgres') return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export function isPostgresManager(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres';
}

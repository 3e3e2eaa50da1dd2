/**
 * Whether `id` has the shape of a UUID (any version, any case). Ids from a path are checked before a lookup: on
 * PostgreSQL a malformed value in a uuid comparison is a query error, and it must be a plain 404 instead.
 */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

import { Readable } from 'node:stream';

/**
 * How deep a request body may nest. Our bodies are flat (the deepest, an admin campaign, is 4 levels); the limit
 * exists because recursive walkers further on (class-transformer, the validation pipe's prototype stripping)
 * overflow the stack on a 10,000-level array — a 500 for a 40 kB request.
 */
export const MAX_BODY_DEPTH = 32;

/** Depth of a parsed JSON value, computed without recursion (the input is hostile) and stopping past `limit`. */
export function exceedsDepth(value: unknown, limit = MAX_BODY_DEPTH): boolean {
  // A streamed body (the trader import's CSV/JSONL, body-parsers.ts) is not a parsed tree: walking the stream object's graph never ends.
  if (value instanceof Readable) return false;
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const v of level) {
      if (v && typeof v === 'object') for (const child of Object.values(v as Record<string, unknown>)) if (child && typeof child === 'object') next.push(child);
    }
    level = next;
  }
  return false;
}

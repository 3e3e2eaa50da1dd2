import type { OpenAPIObject } from '@nestjs/swagger';
import { DEMO_BROKER } from './api-tags';

/**
 * Examples every operation shares, set once on the built document rather than on each route: a required
 * `brokerName` (path or query) or `brokerCrmName` parameter without its own example names the demo broker, so
 * "Try it out" addresses a broker that exists on the demo. Optional ones are filters and stay empty (a prefilled
 * filter hides everything else).
 */
export function documentSharedExamples(document: OpenAPIObject): OpenAPIObject {
  const defaults: Record<string, string> = { brokerName: DEMO_BROKER.brokerName, brokerCrmName: DEMO_BROKER.brokerCrmName };
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods) as Array<{ parameters?: unknown[] }>) {
      if (!operation || typeof operation !== 'object' || !Array.isArray(operation.parameters)) continue;
      for (const p of operation.parameters as Array<{ name?: string; required?: boolean; example?: unknown; schema?: { example?: unknown } }>) {
        if (!p.name || !(p.name in defaults) || !p.required) continue;
        if (p.example === undefined && p.schema?.example === undefined) p.example = defaults[p.name];
      }
    }
  }
  return document;
}

// The conformance kit's programmatic surface (used by the tests and by anyone embedding the kit).
export { runConformance, selectChecks, ALL_CHECKS } from './conformance-kit';
export type { KitOptions, Hook } from './kit-options';
export { parseKitArgs } from './kit-options';
export type { CheckResult, CheckOutcome } from './check-result';
export { summarize, summaryLine } from './check-result';
export { formatTable } from './table-printer';
export { toJunitXml } from './junit-writer';

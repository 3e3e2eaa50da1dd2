import { CheckResult } from '../../../src/conformance';

/**
 * Checks (or parts of checks) whose feature is being built on other branches right now: password reset by email
 * (6.3.9), in-app deposit and withdrawal with payment approval (6.3.4, 6.3.5), in-app account opening (6.3.6),
 * change password / change email screens (the in-app parts of 6.2.1 and 6.2.2), client area with cTrader Web
 * (6.3.8), partner area (6.3.3). The kit runs them everywhere, so their evidence shows in the test output; once a
 * feature is merged the lead deletes its ids here and the tests then demand that they pass.
 */
export const LANDING_SOON: readonly string[] = [];

/** A row of a check listed above (a check's id covers its part rows: '6.3.4' covers '6.3.4/cTrader'). */
export function isLandingSoon(row: CheckResult): boolean {
  return LANDING_SOON.includes(row.id) || LANDING_SOON.includes(row.id.split('/')[0]);
}

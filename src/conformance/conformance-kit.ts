import { API_CHECKS } from './api-checks';
import { CheckDefinition } from './check-definition';
import { CheckResult } from './check-result';
import { runCheck } from './check-runner';
import { launchChromium } from './chromium';
import { FLOW_CHECKS } from './flow-checks';
import { KitContext } from './kit-context';
import { KitOptions } from './kit-options';
import { SCREEN_CHECKS } from './screen-checks';

/** Every check of spec 03 (6.1, 6.2, 6.3), in Spotware's order. */
export const ALL_CHECKS: readonly CheckDefinition[] = [...API_CHECKS, ...SCREEN_CHECKS, ...FLOW_CHECKS];

export function selectChecks(only?: string[]): CheckDefinition[] {
  if (!only?.length) return [...ALL_CHECKS];
  return ALL_CHECKS.filter((c) => only.some((prefix) => c.id === prefix || c.id.startsWith(`${prefix}.`)));
}

/**
 * Runs the selected checks against one broker server and returns the rows in checklist order. Checks run one
 * after another (they share users and one browser), except a real 61 s token expiry (6.1.7 with --wait-expiry),
 * which starts first and waits alongside the others.
 */
export async function runConformance(options: KitOptions, onResult?: (rows: CheckResult[]) => void): Promise<CheckResult[]> {
  const browser = await launchChromium(options.chromiumPath);
  try {
    const ctx = new KitContext(options, browser);
    const checks = selectChecks(options.only);
    const background = new Map<string, Promise<CheckResult[]>>();
    if (options.waitExpiry && !options.expiryHook) {
      for (const c of checks.filter((c) => c.id === '6.1.7')) background.set(c.id, runCheck(c, ctx));
    }
    const results: CheckResult[] = [];
    for (const check of checks) {
      const rows = await (background.get(check.id) ?? runCheck(check, ctx));
      onResult?.(rows);
      results.push(...rows);
    }
    return results;
  } finally {
    await browser.close();
  }
}

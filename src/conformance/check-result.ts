/** The four outcomes Spotware's checklist needs: a check is automatable here, or it is not. */
export type CheckOutcome = 'passed' | 'failed' | 'manual' | 'not_applicable';

/** One row of the conformance table. */
export interface CheckResult {
  /** Spotware's numbering (6.1.1 …); a part of a check that is reported on its own gets a suffix (6.3.1/cTrader). */
  id: string;
  title: string;
  mandatory: boolean;
  outcome: CheckOutcome;
  /** What the kit saw: statuses, codes, ids — never a token or a password. */
  evidence: string;
  durationMs: number;
}

/** What a check function returns: its own outcome plus, optionally, parts reported as separate rows. */
export interface Verdict {
  outcome: CheckOutcome;
  evidence: string;
  parts?: VerdictPart[];
}

export interface VerdictPart {
  suffix: string;
  title: string;
  outcome: CheckOutcome;
  evidence: string;
}

export const passed = (evidence: string, parts?: VerdictPart[]): Verdict => ({ outcome: 'passed', evidence, parts });
export const failed = (evidence: string, parts?: VerdictPart[]): Verdict => ({ outcome: 'failed', evidence, parts });
export const manual = (evidence: string): Verdict => ({ outcome: 'manual', evidence });
export const notApplicable = (evidence: string): Verdict => ({ outcome: 'not_applicable', evidence });

/** Thrown inside a check when an expectation fails: the runner turns it into a failed row with this message. */
export class CheckFailure extends Error {}

/** Throws a CheckFailure unless `condition` holds. */
export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  manual: number;
  notApplicable: number;
}

export function summarize(results: readonly CheckResult[]): ConformanceSummary {
  const count = (o: CheckOutcome) => results.filter((r) => r.outcome === o).length;
  return { passed: count('passed'), failed: count('failed'), manual: count('manual'), notApplicable: count('not_applicable') };
}

/** The last line the CLI prints; CI greps for it. */
export function summaryLine(summary: ConformanceSummary): string {
  return `conformance: ${summary.passed} passed, ${summary.failed} failed, ${summary.manual} manual, ${summary.notApplicable} not applicable`;
}

import { CheckDefinition } from './check-definition';
import { CheckFailure, CheckResult, Verdict } from './check-result';
import { KitContext } from './kit-context';

/** Runs one check: a thrown CheckFailure (or any error) is a failed row whose evidence is the message. */
export async function runCheck(check: CheckDefinition, ctx: KitContext): Promise<CheckResult[]> {
  const started = performance.now();
  let verdict: Verdict;
  try {
    verdict = await check.run(ctx);
  } catch (e) {
    const message = e instanceof CheckFailure ? e.message : `error: ${firstLine(e)}`;
    verdict = { outcome: 'failed', evidence: message };
  }
  const durationMs = Math.round(performance.now() - started);
  const main: CheckResult = { id: check.id, title: check.title, mandatory: check.mandatory, outcome: verdict.outcome, evidence: verdict.evidence, durationMs };
  const parts = (verdict.parts ?? []).map<CheckResult>((p) => ({
    id: `${check.id}/${p.suffix}`,
    title: p.title,
    mandatory: check.mandatory,
    outcome: p.outcome,
    evidence: p.evidence,
    durationMs: 0,
  }));
  return [main, ...parts];
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Playwright errors carry a call log after the first lines; evidence keeps the gist.
  return text.split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ').slice(0, 300);
}

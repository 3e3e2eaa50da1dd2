import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a whole test run leaves behind for the closing reporters (test/support/run-records-reporter.js):
 *  - every server log line of every test app or server process (`logs/`),
 *  - every secret the tests saw issued or used (`secrets/`: tokens from 4.x answers, passwords, admin keys),
 *  - reliability figures (`figures/`: fuzzed requests, 5xx, replay outcomes, injected faults, lost/duplicated,
 *    exchanges a killed process committed without answering).
 * The reporter scans all logs for all secrets at the end of the run (issue #12: "a scan of the logs of the
 * whole test run"). Files, not memory: Jest runs each test file in its own module registry.
 */
export const RUN_RECORDS_DIR = process.env.TEST_RESULTS_DIR ?? join(__dirname, '..', '..', '.test-results');

function append(kind: 'logs' | 'secrets' | 'figures', text: string): void {
  const dir = join(RUN_RECORDS_DIR, kind);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.txt`), text);
}

export function recordLog(text: string): void {
  append('logs', text.endsWith('\n') ? text : `${text}\n`);
}

/** A value that must never appear in any log. Short values are ignored (they would match by chance). */
export function recordSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 12) append('secrets', `${value}\n`);
}

/** Records the secret-looking fields of a JSON answer (4.x tokens, admin keys). */
export function recordSecretsIn(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (/token|password|secret|key$/i.test(k)) recordSecret(v);
  }
}

export type FigureName = 'fuzzed' | '5xx' | 'replay_ok' | 'replay_total' | 'faults' | 'lost' | 'duplicated' | 'unanswered_commits';

/** Adds `value` to a reliability figure (summed over the run by the reporter). */
export function recordFigure(name: FigureName, value: number): void {
  append('figures', `${JSON.stringify({ name, value })}\n`);
}

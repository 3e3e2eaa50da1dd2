// Closes a test run with what test/support/test-run-records.ts collected:
//  - the leak scan: every recorded secret (issued tokens, passwords, keys) searched in every server log line of
//    the run; a hit fails the run (getLastError) and names the log file, never the secret;
//  - the reliability line, when reliability figures were recorded:
//    `reliability: fuzzed=N 5xx=0 replay_ok=1/50 faults=N lost=0 duplicated=0 unanswered_commits=N leaked_secrets=0`
//    (unanswered_commits: exchanges a killed process committed but never answered, the case `duplicated` is for).
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const DIR = process.env.TEST_RESULTS_DIR ?? join(__dirname, '..', '..', '.test-results');

function readAll(kind) {
  const dir = join(DIR, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((f) => ({ file: join(kind, f), text: readFileSync(join(dir, f), 'utf8') }));
}

class RunRecordsReporter {
  constructor() {
    this.error = undefined;
  }

  onRunStart() {
    rmSync(DIR, { recursive: true, force: true });
  }

  onRunComplete() {
    const secrets = [...new Set(readAll('secrets').flatMap((f) => f.text.split('\n')).filter((s) => s.length >= 12))];
    const logs = readAll('logs');
    let leaked = 0;
    const where = new Set();
    for (const secret of secrets) {
      const hit = logs.find((l) => l.text.includes(secret));
      if (hit) {
        leaked += 1;
        where.add(hit.file);
      }
    }
    const lines = logs.reduce((n, l) => n + l.text.split('\n').length - 1, 0);
    process.stdout.write(`\nleak scan: ${secrets.length} secrets searched in ${lines} log lines: ${leaked} found${leaked ? ` (in ${[...where].join(', ')})` : ''}\n`);
    if (leaked) this.error = new Error(`${leaked} secret(s) found in server logs`);

    const figures = readAll('figures').flatMap((f) => f.text.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    if (figures.length === 0) return;
    const sum = (name) => figures.filter((f) => f.name === name).reduce((n, f) => n + f.value, 0);
    process.stdout.write(
      `reliability: fuzzed=${sum('fuzzed')} 5xx=${sum('5xx')} replay_ok=${sum('replay_ok')}/${sum('replay_total')} ` +
        `faults=${sum('faults')} lost=${sum('lost')} duplicated=${sum('duplicated')} unanswered_commits=${sum('unanswered_commits')} ` +
        `leaked_secrets=${leaked}\n`,
    );
  }

  getLastError() {
    return this.error;
  }
}
module.exports = RunRecordsReporter;

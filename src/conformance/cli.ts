// The conformance kit: `npm run conformance -- --base-url … --password … --broker-name … --broker-crm-name …`
// (docs/conformance.md). Exit code 0 only when no check failed.
import { writeFileSync } from 'node:fs';
import { summarize, summaryLine } from './check-result';
import { runConformance } from './conformance-kit';
import { parseKitArgs, UsageError } from './kit-options';
import { formatTable } from './table-printer';
import { toJunitXml } from './junit-writer';

async function main(): Promise<number> {
  let options;
  try {
    options = parseKitArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message.trim()}\n`);
      return 2;
    }
    throw e;
  }
  process.stderr.write(`conformance kit → ${options.baseUrl} (${options.brokerName} / ${options.brokerCrmName})\n`);
  const results = await runConformance(options, (rows) => {
    for (const r of rows) process.stderr.write(`  ${r.id} ${r.outcome}\n`);
  });
  const summary = summarize(results);
  process.stdout.write(`\n${formatTable(results, process.stdout.columns || 160)}\n\n`);
  if (options.junit) {
    writeFileSync(options.junit, toJunitXml(results));
    process.stdout.write(`JUnit XML written to ${options.junit}\n`);
  }
  process.stdout.write(`${summaryLine(summary)}\n`);
  return summary.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conformance kit failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

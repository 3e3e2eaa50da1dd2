import { NestFactory } from '@nestjs/core';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppModule } from '../../app.module';
import { loadConfig } from '../../config/config-loader';
import { BrokerRegistry } from '../../kernel/broker-identification';
import { ImportFormat, ImportReport, TraderImport } from '../../kernel/users';

/**
 * `npm run admin -- import-users FILE --broker B [--dry-run]`: the same import as POST /admin/brokers/:brokerName/users/import, run
 * against the configured database and cTrader without a running server (an application context: no HTTP). Prints
 * the refused lines (every line with --verbose) and the totals; exit code 0 when nothing was refused, 3 otherwise.
 */
export async function runImportUsers(argv: string[], usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { broker: { type: 'string' }, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, verbose: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file || !values.broker || positionals.length !== 1) return fail(usage);
  const format = (values.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : /\.csv$/i.test(file) ? 'csv' : '')) as ImportFormat | '';
  if (format !== 'csv' && format !== 'jsonl') return fail('--format csv|jsonl is needed when the file name does not end in .csv, .jsonl or .ndjson');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const broker = app.get(BrokerRegistry).findByName(values.broker);
    if (!broker) return fail(`unknown broker: ${values.broker}`);
    const started = performance.now();
    const report = await app.get(TraderImport).run({ broker, input: createReadStream(file), format, dryRun: values['dry-run'] === true, actor: 'cli' });
    process.stdout.write(printable(report, values.verbose === true, performance.now() - started));
    return report.totals.refused || report.fileError ? 3 : 0;
  } finally {
    await app.close();
  }
}

function printable(report: ImportReport, verbose: boolean, ms: number): string {
  const out: string[] = [];
  for (const l of report.lines) {
    if (!verbose && l.outcome !== 'refused') continue;
    const detail = l.reason ?? [...(l.changes ?? []), ...(l.kept ?? []).map((k) => `kept ${k}`)].join(', ');
    out.push(`line ${l.line}\t${l.outcome}\t${l.email ?? '-'}\t${detail}${l.passwordResetRequired ? '\t(password reset required)' : ''}`);
  }
  if (report.fileError) out.push(`file: ${report.fileError}`);
  const t = report.totals;
  out.push(
    `${report.dryRun ? 'Dry run, nothing written: ' : ''}${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.refused} refused (${ms} ms)`,
  );
  return `${out.join('\n')}\n`;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

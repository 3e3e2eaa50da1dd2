import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config-loader';
import { ConfigError } from '../../config/config-error';
import { dataSourceOptions } from '../../database/data-source-options';
import { prepareDataSource } from '../../database/database.module';
import { hashPassword } from '../../lib/crypto/password-hash';
import { AuditEvent } from '../../kernel/audit';
import { ADMIN_ROLES, AdminApiKey, AdminApiKeyService, roleOfLegacyKey } from '../../kernel/admin-access';
import { Clock } from '../../kernel/clock';
import { runImportUsers } from './import-users.command';

const USAGE = `Usage:
  npm run admin -- create-key --name <name> --role viewer|support|payments|compliance|marketing|partners|admin --brokers <brokerName,…|*>
  npm run admin -- hash-password [--password <p>]    (or the password on standard input)
  npm run admin -- import-users FILE --broker <brokerName> [--format csv|jsonl] [--dry-run] [--verbose]`;

/** Operator commands that need no running server: admin keys, 4.1 password hashes. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'hash-password') {
    const { values } = parseArgs({ args: rest, options: { password: { type: 'string' } } });
    const password = values.password ?? (await readStdin()).trim();
    if (!password) return fail('a password is needed');
    process.stdout.write(`${await hashPassword(password)}\n`);
    return 0;
  }
  if (command === 'import-users') return runImportUsers(rest, USAGE);
  if (command === 'create-key') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, role: { type: 'string' }, brokers: { type: 'string' } } });
    if (!values.name || !values.role || !values.brokers) return fail(USAGE);
    // read/write are still understood (viewer/admin), as before issue #19.
    const role = roleOfLegacyKey(values.role);
    if (!(ADMIN_ROLES as readonly string[]).includes(role)) return fail(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
    const config = loadConfig();
    const brokers =
      values.brokers === '*'
        ? '*'
        : values.brokers
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean);
    const unknown = brokers === '*' ? [] : brokers.filter((b) => !config.brokers.some((c) => c.brokerName === b));
    if (unknown.length) return fail(`unknown broker(s): ${unknown.join(', ')}`);
    const ds = await prepareDataSource(dataSourceOptions(config.database), true);
    const clock = new Clock();
    try {
      const service = new AdminApiKeyService(clock, ds.getRepository(AdminApiKey));
      const created = await service.create({ name: values.name, role, brokers });
      await ds.getRepository(AuditEvent).insert({
        brokerName: brokers === '*' || brokers.length !== 1 ? null : brokers[0],
        category: 'admin',
        action: 'admin_key.create',
        actor: 'cli',
        actorType: 'cli',
        actorDisplay: 'npm run admin',
        target: `admin_key:${created.id}`,
        details: JSON.stringify({ name: created.name, role: created.role, brokers }),
        requestId: null,
        createdAt: clock.now(),
      });
      process.stdout.write(
        `Created admin key ${created.id} (${created.role}, brokers: ${brokers === '*' ? '*' : brokers.join(',')}).\nKey (shown once): ${created.key}\n`,
      );
    } finally {
      await ds.destroy();
    }
    return 0;
  }
  return fail(USAGE);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    let data = '';
    process.stdin.on('data', (c: Buffer) => (data += c.toString('utf8')));
    process.stdin.on('end', () => resolve(data));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(e instanceof ConfigError ? `${e.message}\n` : `admin: ${(e as Error).message}\n`);
    process.exit(1);
  },
);

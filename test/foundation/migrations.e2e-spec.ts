import { prepareDataSource } from '../../src/database/database.module';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { testConfig } from '../support/test-config';

describe('migrations', () => {
  it('bring a fresh database exactly to the entity schema (no drift between entities and migrations)', async () => {
    const config = testConfig();
    const ds = await prepareDataSource({ ...dataSourceOptions(config.database) }, true);
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });

  it('report their progress: how many are pending, each as it starts, and how many were applied', async () => {
    const config = testConfig();
    const lines: string[] = [];
    const log = { log: (message: unknown) => void lines.push(String(message)) };
    const ds = await prepareDataSource({ ...dataSourceOptions(config.database) }, true, log);
    const total = ds.migrations.length;
    await ds.destroy();
    expect(total).toBeGreaterThan(10);
    expect(lines[0]).toBe(`applying ${total} pending migration(s) of ${total}`);
    // In the order they run: by the timestamp that ends each name.
    const inOrder = ds.migrations.map((m) => m.name!).sort((a, b) => Number(a.slice(-13)) - Number(b.slice(-13)));
    expect(lines.slice(1, -1)).toEqual(inOrder.map((name, i) => `migration ${i + 1}/${total}: ${name}`));
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^applied ${total} migration\\(s\\) in \\d+ ms$`));

    // Booting again on the same database: one line, nothing to do.
    lines.length = 0;
    const again = await prepareDataSource({ ...dataSourceOptions(config.database) }, true, log);
    await again.destroy();
    expect(lines).toEqual([`database schema is up to date (${total} migrations)`]);
  });
});

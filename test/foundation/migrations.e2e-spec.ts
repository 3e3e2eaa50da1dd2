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
});

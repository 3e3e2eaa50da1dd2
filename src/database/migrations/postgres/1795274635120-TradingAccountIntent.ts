import { MigrationInterface, QueryRunner } from "typeorm";

export class TradingAccountIntent1795274635120 implements MigrationInterface {
    name = 'TradingAccountIntent1795274635120'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "trading_account" ADD "state" character varying(10) NOT NULL DEFAULT 'linked'`);
        await queryRunner.query(`ALTER TABLE "trading_account" ADD "traderPasswordMd5" character varying(32)`);
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`ALTER TABLE "trading_account" ALTER COLUMN "login" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`ALTER TABLE "trading_account" ALTER COLUMN "login" SET NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
        await queryRunner.query(`ALTER TABLE "trading_account" DROP COLUMN "traderPasswordMd5"`);
        await queryRunner.query(`ALTER TABLE "trading_account" DROP COLUMN "state"`);
    }

}

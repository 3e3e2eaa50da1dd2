import { MigrationInterface, QueryRunner } from "typeorm";

export class TradingAccountIntent1795274633595 implements MigrationInterface {
    name = 'TradingAccountIntent1795274633595'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`DROP INDEX "IDX_7f9324e98ca66e75ea0364168e"`);
        await queryRunner.query(`CREATE TABLE "temporary_trading_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "ctidTraderAccountId" bigint, "currency" varchar(3) NOT NULL, "leverage" integer NOT NULL, "accountType" varchar(16) NOT NULL, "environment" varchar(8) NOT NULL, "moneyDigits" integer NOT NULL DEFAULT (2), "createdAt" bigint NOT NULL, "state" varchar(10) NOT NULL DEFAULT ('linked'), "traderPasswordMd5" varchar(32))`);
        await queryRunner.query(`INSERT INTO "temporary_trading_account"("id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt") SELECT "id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt" FROM "trading_account"`);
        await queryRunner.query(`DROP TABLE "trading_account"`);
        await queryRunner.query(`ALTER TABLE "temporary_trading_account" RENAME TO "trading_account"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
        await queryRunner.query(`CREATE INDEX "IDX_7f9324e98ca66e75ea0364168e" ON "trading_account" ("brokerName", "userId") `);
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`DROP INDEX "IDX_7f9324e98ca66e75ea0364168e"`);
        await queryRunner.query(`CREATE TABLE "temporary_trading_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint, "ctidTraderAccountId" bigint, "currency" varchar(3) NOT NULL, "leverage" integer NOT NULL, "accountType" varchar(16) NOT NULL, "environment" varchar(8) NOT NULL, "moneyDigits" integer NOT NULL DEFAULT (2), "createdAt" bigint NOT NULL, "state" varchar(10) NOT NULL DEFAULT ('linked'), "traderPasswordMd5" varchar(32))`);
        await queryRunner.query(`INSERT INTO "temporary_trading_account"("id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt", "state", "traderPasswordMd5") SELECT "id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt", "state", "traderPasswordMd5" FROM "trading_account"`);
        await queryRunner.query(`DROP TABLE "trading_account"`);
        await queryRunner.query(`ALTER TABLE "temporary_trading_account" RENAME TO "trading_account"`);
        await queryRunner.query(`CREATE INDEX "IDX_7f9324e98ca66e75ea0364168e" ON "trading_account" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`DROP INDEX "IDX_7f9324e98ca66e75ea0364168e"`);
        await queryRunner.query(`ALTER TABLE "trading_account" RENAME TO "temporary_trading_account"`);
        await queryRunner.query(`CREATE TABLE "trading_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "ctidTraderAccountId" bigint, "currency" varchar(3) NOT NULL, "leverage" integer NOT NULL, "accountType" varchar(16) NOT NULL, "environment" varchar(8) NOT NULL, "moneyDigits" integer NOT NULL DEFAULT (2), "createdAt" bigint NOT NULL, "state" varchar(10) NOT NULL DEFAULT ('linked'), "traderPasswordMd5" varchar(32))`);
        await queryRunner.query(`INSERT INTO "trading_account"("id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt", "state", "traderPasswordMd5") SELECT "id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt", "state", "traderPasswordMd5" FROM "temporary_trading_account"`);
        await queryRunner.query(`DROP TABLE "temporary_trading_account"`);
        await queryRunner.query(`CREATE INDEX "IDX_7f9324e98ca66e75ea0364168e" ON "trading_account" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
        await queryRunner.query(`DROP INDEX "IDX_7f9324e98ca66e75ea0364168e"`);
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`ALTER TABLE "trading_account" RENAME TO "temporary_trading_account"`);
        await queryRunner.query(`CREATE TABLE "trading_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "ctidTraderAccountId" bigint, "currency" varchar(3) NOT NULL, "leverage" integer NOT NULL, "accountType" varchar(16) NOT NULL, "environment" varchar(8) NOT NULL, "moneyDigits" integer NOT NULL DEFAULT (2), "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`INSERT INTO "trading_account"("id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt") SELECT "id", "brokerName", "userId", "login", "ctidTraderAccountId", "currency", "leverage", "accountType", "environment", "moneyDigits", "createdAt" FROM "temporary_trading_account"`);
        await queryRunner.query(`DROP TABLE "temporary_trading_account"`);
        await queryRunner.query(`CREATE INDEX "IDX_7f9324e98ca66e75ea0364168e" ON "trading_account" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

export class UsersAndTokens1795273821259 implements MigrationInterface {
    name = 'UsersAndTokens1795273821259'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "sourceOneTimeTokenHash" varchar(64) NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_f5628a1d32d89c456765ebf436" ON "access_token" ("sourceOneTimeTokenHash") `);
        await queryRunner.query(`CREATE INDEX "IDX_6e258a0e42d06af61e20f2a251" ON "access_token" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE TABLE "crm_api_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerCrmName" varchar(64) NOT NULL, "expiresAt" bigint NOT NULL, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "inapp_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "accessTokenHash" varchar(64), "sourceOneTimeTokenHash" varchar(64) NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_9ab251fb54219f023d703e065b" ON "inapp_token" ("accessTokenHash") `);
        await queryRunner.query(`CREATE INDEX "IDX_bd9e2ccf30256add5efb6b6473" ON "inapp_token" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE TABLE "one_time_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "purpose" varchar(8) NOT NULL, "keepLoggedIn" boolean NOT NULL DEFAULT (0), "accountLogin" bigint, "expiresAt" bigint NOT NULL, "consumedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_db92b1308fb34f0b67f1015b80" ON "one_time_token" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE TABLE "trader_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(200), "firstName" varchar(100) NOT NULL DEFAULT (''), "lastName" varchar(100) NOT NULL DEFAULT (''), "country" varchar(2), "preferredLanguage" varchar(5) NOT NULL DEFAULT ('en'), "ctidUserId" bigint, "signupStep" varchar(24) NOT NULL DEFAULT ('local'), "origin" varchar(16) NOT NULL DEFAULT ('fullSso'), "lockedAt" bigint, "attribution" text NOT NULL DEFAULT ('{}'), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5a46aef750aea8d2c17843da23" ON "trader_user" ("brokerName", "ctidUserId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4843161b95a7ce999b39b9170a" ON "trader_user" ("brokerName", "email") `);
        await queryRunner.query(`CREATE TABLE "trading_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "ctidTraderAccountId" bigint, "currency" varchar(3) NOT NULL, "leverage" integer NOT NULL, "accountType" varchar(16) NOT NULL, "environment" varchar(8) NOT NULL, "moneyDigits" integer NOT NULL DEFAULT (2), "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_7f9324e98ca66e75ea0364168e" ON "trading_account" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_82a208f34d4bdbe552739ddcad" ON "trading_account" ("brokerName", "login") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_82a208f34d4bdbe552739ddcad"`);
        await queryRunner.query(`DROP INDEX "IDX_7f9324e98ca66e75ea0364168e"`);
        await queryRunner.query(`DROP TABLE "trading_account"`);
        await queryRunner.query(`DROP INDEX "IDX_4843161b95a7ce999b39b9170a"`);
        await queryRunner.query(`DROP INDEX "IDX_5a46aef750aea8d2c17843da23"`);
        await queryRunner.query(`DROP TABLE "trader_user"`);
        await queryRunner.query(`DROP INDEX "IDX_db92b1308fb34f0b67f1015b80"`);
        await queryRunner.query(`DROP TABLE "one_time_token"`);
        await queryRunner.query(`DROP INDEX "IDX_bd9e2ccf30256add5efb6b6473"`);
        await queryRunner.query(`DROP INDEX "IDX_9ab251fb54219f023d703e065b"`);
        await queryRunner.query(`DROP TABLE "inapp_token"`);
        await queryRunner.query(`DROP TABLE "crm_api_token"`);
        await queryRunner.query(`DROP INDEX "IDX_6e258a0e42d06af61e20f2a251"`);
        await queryRunner.query(`DROP INDEX "IDX_f5628a1d32d89c456765ebf436"`);
        await queryRunner.query(`DROP TABLE "access_token"`);
    }

}

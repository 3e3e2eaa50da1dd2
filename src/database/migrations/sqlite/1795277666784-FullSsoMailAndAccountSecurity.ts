import { MigrationInterface, QueryRunner } from "typeorm";

export class FullSsoMailAndAccountSecurity1795277666784 implements MigrationInterface {
    name = 'FullSsoMailAndAccountSecurity1795277666784'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_outbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "toAddress" varchar(254) NOT NULL, "fromAddress" varchar(254) NOT NULL, "subject" varchar(300) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "template" varchar(64) NOT NULL, "language" varchar(5) NOT NULL, "transport" varchar(8) NOT NULL, "state" varchar(8) NOT NULL, "messageId" varchar(300), "lastError" text, "createdAt" bigint NOT NULL, "deliveredAt" bigint)`);
        await queryRunner.query(`CREATE INDEX "IDX_email_outbox_broker_to" ON "email_outbox" ("brokerName", "toAddress") `);
        await queryRunner.query(`CREATE INDEX "IDX_email_outbox_broker_created" ON "email_outbox" ("brokerName", "createdAt") `);
        await queryRunner.query(`CREATE TABLE "account_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "purpose" varchar(16) NOT NULL, "newEmail" varchar(254), "expiresAt" bigint NOT NULL, "consumedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_account_token_user" ON "account_token" ("brokerName", "userId", "purpose", "createdAt") `);
        await queryRunner.query(`DROP INDEX "IDX_4843161b95a7ce999b39b9170a"`);
        await queryRunner.query(`DROP INDEX "IDX_5a46aef750aea8d2c17843da23"`);
        await queryRunner.query(`CREATE TABLE "temporary_trader_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(200), "firstName" varchar(100) NOT NULL DEFAULT (''), "lastName" varchar(100) NOT NULL DEFAULT (''), "country" varchar(2), "preferredLanguage" varchar(5) NOT NULL DEFAULT ('en'), "ctidUserId" bigint, "signupStep" varchar(24) NOT NULL DEFAULT ('local'), "origin" varchar(16) NOT NULL DEFAULT ('fullSso'), "lockedAt" bigint, "attribution" text NOT NULL DEFAULT ('{}'), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, "failedLoginCount" integer NOT NULL DEFAULT (0), "loginLockedUntil" bigint)`);
        await queryRunner.query(`INSERT INTO "temporary_trader_user"("id", "brokerName", "email", "passwordHash", "firstName", "lastName", "country", "preferredLanguage", "ctidUserId", "signupStep", "origin", "lockedAt", "attribution", "createdAt", "updatedAt") SELECT "id", "brokerName", "email", "passwordHash", "firstName", "lastName", "country", "preferredLanguage", "ctidUserId", "signupStep", "origin", "lockedAt", "attribution", "createdAt", "updatedAt" FROM "trader_user"`);
        await queryRunner.query(`DROP TABLE "trader_user"`);
        await queryRunner.query(`ALTER TABLE "temporary_trader_user" RENAME TO "trader_user"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4843161b95a7ce999b39b9170a" ON "trader_user" ("brokerName", "email") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5a46aef750aea8d2c17843da23" ON "trader_user" ("brokerName", "ctidUserId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_5a46aef750aea8d2c17843da23"`);
        await queryRunner.query(`DROP INDEX "IDX_4843161b95a7ce999b39b9170a"`);
        await queryRunner.query(`ALTER TABLE "trader_user" RENAME TO "temporary_trader_user"`);
        await queryRunner.query(`CREATE TABLE "trader_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(200), "firstName" varchar(100) NOT NULL DEFAULT (''), "lastName" varchar(100) NOT NULL DEFAULT (''), "country" varchar(2), "preferredLanguage" varchar(5) NOT NULL DEFAULT ('en'), "ctidUserId" bigint, "signupStep" varchar(24) NOT NULL DEFAULT ('local'), "origin" varchar(16) NOT NULL DEFAULT ('fullSso'), "lockedAt" bigint, "attribution" text NOT NULL DEFAULT ('{}'), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`INSERT INTO "trader_user"("id", "brokerName", "email", "passwordHash", "firstName", "lastName", "country", "preferredLanguage", "ctidUserId", "signupStep", "origin", "lockedAt", "attribution", "createdAt", "updatedAt") SELECT "id", "brokerName", "email", "passwordHash", "firstName", "lastName", "country", "preferredLanguage", "ctidUserId", "signupStep", "origin", "lockedAt", "attribution", "createdAt", "updatedAt" FROM "temporary_trader_user"`);
        await queryRunner.query(`DROP TABLE "temporary_trader_user"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5a46aef750aea8d2c17843da23" ON "trader_user" ("brokerName", "ctidUserId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4843161b95a7ce999b39b9170a" ON "trader_user" ("brokerName", "email") `);
        await queryRunner.query(`DROP INDEX "IDX_account_token_user"`);
        await queryRunner.query(`DROP TABLE "account_token"`);
        await queryRunner.query(`DROP INDEX "IDX_email_outbox_broker_created"`);
        await queryRunner.query(`DROP INDEX "IDX_email_outbox_broker_to"`);
        await queryRunner.query(`DROP TABLE "email_outbox"`);
    }

}

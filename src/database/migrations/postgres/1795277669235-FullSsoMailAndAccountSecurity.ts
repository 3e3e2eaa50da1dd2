import { MigrationInterface, QueryRunner } from "typeorm";

export class FullSsoMailAndAccountSecurity1795277669235 implements MigrationInterface {
    name = 'FullSsoMailAndAccountSecurity1795277669235'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_outbox" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "toAddress" character varying(254) NOT NULL, "fromAddress" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "template" character varying(64) NOT NULL, "language" character varying(5) NOT NULL, "transport" character varying(8) NOT NULL, "state" character varying(8) NOT NULL, "messageId" character varying(300), "lastError" text, "createdAt" bigint NOT NULL, "deliveredAt" bigint, CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_email_outbox_broker_to" ON "email_outbox" ("brokerName", "toAddress") `);
        await queryRunner.query(`CREATE INDEX "IDX_email_outbox_broker_created" ON "email_outbox" ("brokerName", "createdAt") `);
        await queryRunner.query(`CREATE TABLE "account_token" ("tokenHash" character varying(64) NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "purpose" character varying(16) NOT NULL, "newEmail" character varying(254), "expiresAt" bigint NOT NULL, "consumedAt" bigint, "createdAt" bigint NOT NULL, CONSTRAINT "PK_1261696c0041394536e91c0a81b" PRIMARY KEY ("tokenHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_account_token_user" ON "account_token" ("brokerName", "userId", "purpose", "createdAt") `);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD "failedLoginCount" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD "loginLockedUntil" bigint`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "trader_user" DROP COLUMN "loginLockedUntil"`);
        await queryRunner.query(`ALTER TABLE "trader_user" DROP COLUMN "failedLoginCount"`);
        await queryRunner.query(`DROP INDEX "IDX_account_token_user"`);
        await queryRunner.query(`DROP TABLE "account_token"`);
        await queryRunner.query(`DROP INDEX "IDX_email_outbox_broker_created"`);
        await queryRunner.query(`DROP INDEX "IDX_email_outbox_broker_to"`);
        await queryRunner.query(`DROP TABLE "email_outbox"`);
    }

}

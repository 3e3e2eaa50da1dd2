import { MigrationInterface, QueryRunner } from "typeorm";

export class Payments1795277801040 implements MigrationInterface {
    name = 'Payments1795277801040'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "payment_request" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "kind" varchar(16) NOT NULL, "provider" varchar(16) NOT NULL, "state" varchar(16) NOT NULL, "amountMinor" bigint NOT NULL, "currency" varchar(3) NOT NULL, "moneyDigits" integer NOT NULL, "formKey" varchar(64) NOT NULL, "destination" varchar(200), "externalId" varchar(64) NOT NULL, "jobId" varchar(36), "balanceHistoryId" bigint, "reason" varchar(32), "note" varchar(500), "providerEventId" varchar(128), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_job" ON "payment_request" ("jobId") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_login" ON "payment_request" ("brokerName", "login", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_list" ON "payment_request" ("brokerName", "state", "createdAt") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_payment_request_form" ON "payment_request" ("brokerName", "userId", "formKey") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "UQ_payment_request_form"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_list"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_login"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_job"`);
        await queryRunner.query(`DROP TABLE "payment_request"`);
    }

}

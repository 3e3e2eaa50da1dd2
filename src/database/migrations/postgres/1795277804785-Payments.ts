import { MigrationInterface, QueryRunner } from "typeorm";

export class Payments1795277804785 implements MigrationInterface {
    name = 'Payments1795277804785'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "payment_request" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "kind" character varying(16) NOT NULL, "provider" character varying(16) NOT NULL, "state" character varying(16) NOT NULL, "amountMinor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "moneyDigits" integer NOT NULL, "formKey" character varying(64) NOT NULL, "destination" character varying(200), "externalId" character varying(64) NOT NULL, "jobId" character varying(36), "balanceHistoryId" bigint, "reason" character varying(32), "note" character varying(500), "providerEventId" character varying(128), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_b274a8e7b35dd0fd12e46e89f3c" PRIMARY KEY ("id"))`);
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

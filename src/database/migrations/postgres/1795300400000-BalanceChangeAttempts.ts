import { MigrationInterface, QueryRunner } from "typeorm";

export class BalanceChangeAttempts1795300400000 implements MigrationInterface {
    name = 'BalanceChangeAttempts1795300400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "balance_change_attempt" ("brokerName" character varying(64) NOT NULL, "externalId" character varying(200) NOT NULL, "jobId" character varying(36) NOT NULL, "login" bigint NOT NULL, "state" character varying(16) NOT NULL, "sends" integer NOT NULL DEFAULT '0', "lastSentAt" bigint, "lastErrorCode" character varying(64), "lastErrorStatus" integer, "balanceHistoryId" bigint, "confirmedBy" character varying(16), "resolvedBy" character varying(128), "resolvedAt" bigint, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_999f08cb13c4fba6628a4a7c0a1" PRIMARY KEY ("brokerName", "externalId"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "balance_change_attempt"`);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

export class BalanceChangeAttempts1795300400000 implements MigrationInterface {
    name = 'BalanceChangeAttempts1795300400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "balance_change_attempt" ("brokerName" varchar(64) NOT NULL, "externalId" varchar(200) NOT NULL, "jobId" varchar(36) NOT NULL, "login" bigint NOT NULL, "state" varchar(16) NOT NULL, "sends" integer NOT NULL DEFAULT (0), "lastSentAt" bigint, "lastErrorCode" varchar(64), "lastErrorStatus" integer, "balanceHistoryId" bigint, "confirmedBy" varchar(16), "resolvedBy" varchar(128), "resolvedAt" bigint, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, PRIMARY KEY ("brokerName", "externalId"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "balance_change_attempt"`);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

export class Jobs1795274080798 implements MigrationInterface {
    name = 'Jobs1795274080798'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "kind" varchar(64) NOT NULL, "payload" text NOT NULL, "idempotencyKey" varchar(200) NOT NULL, "state" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "maxAttempts" integer NOT NULL, "runAfter" bigint NOT NULL, "lockedBy" varchar(128), "lockedUntil" bigint, "lastError" text, "result" text, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_job_claim_lease" ON "job" ("state", "lockedUntil") `);
        await queryRunner.query(`CREATE INDEX "IDX_job_claim_pending" ON "job" ("state", "runAfter") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_job_idempotency" ON "job" ("brokerName", "kind", "idempotencyKey") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "UQ_job_idempotency"`);
        await queryRunner.query(`DROP INDEX "IDX_job_claim_pending"`);
        await queryRunner.query(`DROP INDEX "IDX_job_claim_lease"`);
        await queryRunner.query(`DROP TABLE "job"`);
    }

}

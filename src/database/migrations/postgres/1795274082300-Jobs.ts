import { MigrationInterface, QueryRunner } from "typeorm";

export class Jobs1795274082300 implements MigrationInterface {
    name = 'Jobs1795274082300'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "kind" character varying(64) NOT NULL, "payload" text NOT NULL, "idempotencyKey" character varying(200) NOT NULL, "state" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "maxAttempts" integer NOT NULL, "runAfter" bigint NOT NULL, "lockedBy" character varying(128), "lockedUntil" bigint, "lastError" text, "result" text, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_98ab1c14ff8d1cf80d18703b92f" PRIMARY KEY ("id"))`);
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

import { MigrationInterface, QueryRunner } from "typeorm";

export class LoginDevices1795300200000 implements MigrationInterface {
    name = 'LoginDevices1795300200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "login_device" ("id" character varying(64) NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "failedCount" integer NOT NULL DEFAULT '0', "lockedUntil" bigint, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_50f99002cf347d3fdced9cc248b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b93d05409ede457a930f5d3f13" ON "login_device" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_b93d05409ede457a930f5d3f13"`);
        await queryRunner.query(`DROP TABLE "login_device"`);
    }

}

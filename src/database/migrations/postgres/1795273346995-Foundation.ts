import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795273346995 implements MigrationInterface {
    name = 'Foundation1795273346995'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "admin_api_key" ("id" character varying(36) NOT NULL, "name" character varying(128) NOT NULL, "keyHash" character varying(64) NOT NULL, "role" character varying(8) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint, CONSTRAINT "PK_d37277ea511379ed702b3ef5a32" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" SERIAL NOT NULL, "brokerName" character varying(64), "category" character varying(16) NOT NULL, "action" character varying(64) NOT NULL, "actor" character varying(128) NOT NULL, "target" character varying(256), "details" text NOT NULL DEFAULT '{}', "requestId" character varying(64), "createdAt" bigint NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_0f7fe7b46170e9d3c2d529eceb" ON "audit_event" ("brokerName", "createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_0f7fe7b46170e9d3c2d529eceb"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`DROP TABLE "admin_api_key"`);
    }

}

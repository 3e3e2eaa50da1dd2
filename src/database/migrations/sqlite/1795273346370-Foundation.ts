import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795273346370 implements MigrationInterface {
    name = 'Foundation1795273346370'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "admin_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "keyHash" varchar(64) NOT NULL, "role" varchar(8) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64), "category" varchar(16) NOT NULL, "action" varchar(64) NOT NULL, "actor" varchar(128) NOT NULL, "target" varchar(256), "details" text NOT NULL DEFAULT ('{}'), "requestId" varchar(64), "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_0f7fe7b46170e9d3c2d529eceb" ON "audit_event" ("brokerName", "createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_0f7fe7b46170e9d3c2d529eceb"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`DROP TABLE "admin_api_key"`);
    }

}

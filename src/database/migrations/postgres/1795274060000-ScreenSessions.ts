import { MigrationInterface, QueryRunner } from "typeorm";

export class ScreenSessions1795274060000 implements MigrationInterface {
    name = 'ScreenSessions1795274060000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "screen_session" ("id" character varying(64) NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" character varying(64) NOT NULL, "kind" character varying(8) NOT NULL, "accountLogin" bigint, "createdAt" bigint NOT NULL, "lastSeenAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint, "data" text NOT NULL DEFAULT '{}', CONSTRAINT "PK_d1577705da76c2fcad7b109f0ee" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_screen_session_expires" ON "screen_session" ("expiresAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_screen_session_user" ON "screen_session" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_screen_session_user"`);
        await queryRunner.query(`DROP INDEX "IDX_screen_session_expires"`);
        await queryRunner.query(`DROP TABLE "screen_session"`);
    }

}

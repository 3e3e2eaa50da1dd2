import { MigrationInterface, QueryRunner } from "typeorm";

export class ScreenSessions1795274060000 implements MigrationInterface {
    name = 'ScreenSessions1795274060000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "screen_session" ("id" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" varchar(64) NOT NULL, "kind" varchar(8) NOT NULL, "accountLogin" bigint, "createdAt" bigint NOT NULL, "lastSeenAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint, "data" text NOT NULL DEFAULT ('{}'))`);
        await queryRunner.query(`CREATE INDEX "IDX_screen_session_expires" ON "screen_session" ("expiresAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_screen_session_user" ON "screen_session" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_screen_session_user"`);
        await queryRunner.query(`DROP INDEX "IDX_screen_session_expires"`);
        await queryRunner.query(`DROP TABLE "screen_session"`);
    }

}

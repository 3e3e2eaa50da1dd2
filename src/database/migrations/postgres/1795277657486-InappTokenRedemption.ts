import { MigrationInterface, QueryRunner } from "typeorm";

export class InappTokenRedemption1795277657486 implements MigrationInterface {
    name = 'InappTokenRedemption1795277657486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inapp_token_redemption" ("tokenHash" character varying(64) NOT NULL, "brokerName" character varying(64) NOT NULL, "sessionId" character varying(64) NOT NULL, "userId" integer NOT NULL, "createdAt" bigint NOT NULL, CONSTRAINT "PK_aaef6d832dbe5576f1a0eac1155" PRIMARY KEY ("tokenHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_inapp_token_redemption_created" ON "inapp_token_redemption" ("createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_inapp_token_redemption_created"`);
        await queryRunner.query(`DROP TABLE "inapp_token_redemption"`);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

export class InappTokenRedemption1795277654294 implements MigrationInterface {
    name = 'InappTokenRedemption1795277654294'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inapp_token_redemption" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "sessionId" varchar(64) NOT NULL, "userId" integer NOT NULL, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_inapp_token_redemption_created" ON "inapp_token_redemption" ("createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_inapp_token_redemption_created"`);
        await queryRunner.query(`DROP TABLE "inapp_token_redemption"`);
    }

}

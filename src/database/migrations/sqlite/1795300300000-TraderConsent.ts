import { MigrationInterface, QueryRunner } from "typeorm";

export class TraderConsent1795300300000 implements MigrationInterface {
    name = 'TraderConsent1795300300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "trader_consent" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "consentKey" varchar(40) NOT NULL, "version" varchar(40) NOT NULL, "acceptedAt" bigint NOT NULL, "ip" varchar(64) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_trader_consent_user" ON "trader_consent" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_trader_consent_user"`);
        await queryRunner.query(`DROP TABLE "trader_consent"`);
    }

}

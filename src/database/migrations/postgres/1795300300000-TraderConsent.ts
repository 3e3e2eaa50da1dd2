import { MigrationInterface, QueryRunner } from "typeorm";

export class TraderConsent1795300300000 implements MigrationInterface {
    name = 'TraderConsent1795300300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "trader_consent" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "consentKey" character varying(40) NOT NULL, "version" character varying(40) NOT NULL, "acceptedAt" bigint NOT NULL, "ip" character varying(64) NOT NULL, CONSTRAINT "PK_557184d8d2bfb1438218e1e8e19" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_trader_consent_user" ON "trader_consent" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_trader_consent_user"`);
        await queryRunner.query(`DROP TABLE "trader_consent"`);
    }

}

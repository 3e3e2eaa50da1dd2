import { MigrationInterface, QueryRunner } from "typeorm";

export class PartnerAttribution1795277915519 implements MigrationInterface {
    name = 'PartnerAttribution1795277915519'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "partner" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "partnerId" character varying(40) NOT NULL, "userId" integer, "ctidUserId" bigint, "parentId" integer, "status" character varying(10) NOT NULL DEFAULT 'active', "source" character varying(16) NOT NULL, "referralState" character varying(10) NOT NULL DEFAULT 'pending', "referralVersion" integer NOT NULL DEFAULT '0', "createdAt" bigint NOT NULL, "removedAt" bigint, CONSTRAINT "PK_8f34ff11ddd5459eacbfacd48ca" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2fbf578fc04bf3afc0a4ff8cc6" ON "partner" ("brokerName", "parentId") `);
        await queryRunner.query(`CREATE INDEX "IDX_8612022d2c45280b4d006a1f80" ON "partner" ("brokerName", "ctidUserId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_abbdc32ced2ab95e5ab6bdb669" ON "partner" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0811fb00156d57f4699def592d" ON "partner" ("brokerName", "partnerId") `);
        await queryRunner.query(`CREATE TABLE "partner_attribution_event" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "outcome" character varying(24) NOT NULL, "source" character varying(10) NOT NULL, "traderUserId" integer, "ctidUserId" bigint, "partnerRef" integer NOT NULL, "previousPartnerRef" integer, "deliveryKey" character varying(64), "response" text, "createdAt" bigint NOT NULL, CONSTRAINT "PK_f8795422fb4819e9ac10f57d74c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_bd7b96b48c500df76af61f054d" ON "partner_attribution_event" ("brokerName", "traderUserId") `);
        await queryRunner.query(`CREATE INDEX "IDX_1a967ab1999215428ccb21f0ee" ON "partner_attribution_event" ("brokerName", "partnerRef", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_67f66a39c668e30bf38f24db12" ON "partner_attribution_event" ("brokerName", "deliveryKey") `);
        await queryRunner.query(`CREATE TABLE "partner_attribution" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "traderUserId" integer, "ctidUserId" bigint, "partnerRef" integer NOT NULL, "state" character varying(10) NOT NULL, "source" character varying(10) NOT NULL, "marketing" text NOT NULL DEFAULT '{}', "firstAttributedAt" bigint NOT NULL, "attributedAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_bb50d41e521a4e654cc31d6df8d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c01ffdd83efd0b79f47bd5f894" ON "partner_attribution" ("brokerName", "partnerRef") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_acbc2133a3f816d0427ed23388" ON "partner_attribution" ("brokerName", "ctidUserId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0e7678836acd4acf519dc27e79" ON "partner_attribution" ("brokerName", "traderUserId") `);
        await queryRunner.query(`CREATE TABLE "partner_closure" ("ancestorId" integer NOT NULL, "descendantId" integer NOT NULL, "brokerName" character varying(64) NOT NULL, "depth" integer NOT NULL, CONSTRAINT "PK_9381670f8a7d4875cbb2c3ff7d0" PRIMARY KEY ("ancestorId", "descendantId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5712c926e3fdffc14d8edd60e7" ON "partner_closure" ("brokerName", "descendantId", "depth") `);
        await queryRunner.query(`CREATE INDEX "IDX_bb3106bee45f756b0dc7a95dc8" ON "partner_closure" ("brokerName", "ancestorId", "depth") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_bb3106bee45f756b0dc7a95dc8"`);
        await queryRunner.query(`DROP INDEX "IDX_5712c926e3fdffc14d8edd60e7"`);
        await queryRunner.query(`DROP TABLE "partner_closure"`);
        await queryRunner.query(`DROP INDEX "IDX_0e7678836acd4acf519dc27e79"`);
        await queryRunner.query(`DROP INDEX "IDX_acbc2133a3f816d0427ed23388"`);
        await queryRunner.query(`DROP INDEX "IDX_c01ffdd83efd0b79f47bd5f894"`);
        await queryRunner.query(`DROP TABLE "partner_attribution"`);
        await queryRunner.query(`DROP INDEX "IDX_67f66a39c668e30bf38f24db12"`);
        await queryRunner.query(`DROP INDEX "IDX_1a967ab1999215428ccb21f0ee"`);
        await queryRunner.query(`DROP INDEX "IDX_bd7b96b48c500df76af61f054d"`);
        await queryRunner.query(`DROP TABLE "partner_attribution_event"`);
        await queryRunner.query(`DROP INDEX "IDX_0811fb00156d57f4699def592d"`);
        await queryRunner.query(`DROP INDEX "IDX_abbdc32ced2ab95e5ab6bdb669"`);
        await queryRunner.query(`DROP INDEX "IDX_8612022d2c45280b4d006a1f80"`);
        await queryRunner.query(`DROP INDEX "IDX_2fbf578fc04bf3afc0a4ff8cc6"`);
        await queryRunner.query(`DROP TABLE "partner"`);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

export class Ribbons1795277924602 implements MigrationInterface {
    name = 'Ribbons1795277924602'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ribbon_campaign" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "name" character varying(120) NOT NULL, "titles" text NOT NULL, "color" character varying(7) NOT NULL, "action" text NOT NULL, "closable" boolean NOT NULL, "enabled" boolean NOT NULL, "startsAt" bigint, "endsAt" bigint, "priority" integer NOT NULL DEFAULT '0', "audience" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "deletedAt" bigint, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_03887d270ad99b1f96a4a8ebd74" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5523767491200af5c863bc8255" ON "ribbon_campaign" ("brokerName", "enabled") `);
        await queryRunner.query(`CREATE TABLE "ribbon_sweep_mark" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "sweptUntil" bigint NOT NULL, CONSTRAINT "PK_f825e1e6845ec37a21fafe94d28" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f94469fe043de0169cf9fefa17" ON "ribbon_sweep_mark" ("brokerName") `);
        await queryRunner.query(`CREATE TABLE "ribbon_user_fact" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "firstDepositAt" bigint, "kycStatus" character varying(10) NOT NULL DEFAULT 'none', "isPartner" boolean NOT NULL DEFAULT false, "lastActivityAt" bigint, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_1c524af58bcf626b8502444415f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6fab5fd7f5a2d7ec8186b5bc80" ON "ribbon_user_fact" ("brokerName", "userId") `);
        await queryRunner.query(`CREATE TABLE "ribbon_user_sync" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "ctidUserId" bigint NOT NULL, "desiredRules" text NOT NULL, "desiredHash" character varying(64) NOT NULL, "version" integer NOT NULL DEFAULT '1', "pushedRules" text, "pushedHash" character varying(64), "pushedAt" bigint, "state" character varying(10) NOT NULL, "lastError" text, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_258ab818cb50dbc92f49a47822d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5f5e50ea415e8433e32ebf02a6" ON "ribbon_user_sync" ("brokerName", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_d826f337b442417c797b1d2af2" ON "ribbon_user_sync" ("brokerName", "ctidUserId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4c93eb2bc8ebe96fbae3640cb7" ON "ribbon_user_sync" ("brokerName", "userId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_4c93eb2bc8ebe96fbae3640cb7"`);
        await queryRunner.query(`DROP INDEX "IDX_d826f337b442417c797b1d2af2"`);
        await queryRunner.query(`DROP INDEX "IDX_5f5e50ea415e8433e32ebf02a6"`);
        await queryRunner.query(`DROP TABLE "ribbon_user_sync"`);
        await queryRunner.query(`DROP INDEX "IDX_6fab5fd7f5a2d7ec8186b5bc80"`);
        await queryRunner.query(`DROP TABLE "ribbon_user_fact"`);
        await queryRunner.query(`DROP INDEX "IDX_f94469fe043de0169cf9fefa17"`);
        await queryRunner.query(`DROP TABLE "ribbon_sweep_mark"`);
        await queryRunner.query(`DROP INDEX "IDX_5523767491200af5c863bc8255"`);
        await queryRunner.query(`DROP TABLE "ribbon_campaign"`);
    }

}

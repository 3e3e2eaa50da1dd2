import { MigrationInterface, QueryRunner } from "typeorm";

export class SignupEmailVerification1795300000000 implements MigrationInterface {
    name = 'SignupEmailVerification1795300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "signup_code_send" ("id" SERIAL NOT NULL, "brokerName" character varying(64) NOT NULL, "email" character varying(254) NOT NULL, "ip" character varying(64) NOT NULL, "sentAt" bigint NOT NULL, CONSTRAINT "PK_5c70b76f8769ae0c8357aa22470" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_signup_code_send_ip" ON "signup_code_send" ("brokerName", "ip", "sentAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_signup_code_send_email" ON "signup_code_send" ("brokerName", "email", "sentAt") `);
        await queryRunner.query(`CREATE TABLE "signup_verification" ("handleHash" character varying(64) NOT NULL, "brokerName" character varying(64) NOT NULL, "email" character varying(254) NOT NULL, "codeHash" character varying(64) NOT NULL, "codeExpiresAt" bigint NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "addressTaken" boolean NOT NULL DEFAULT false, "signup" text NOT NULL, "expiresAt" bigint NOT NULL, "consumedAt" bigint, "createdAt" bigint NOT NULL, CONSTRAINT "PK_072b65aa3e3ecd91f826600c47e" PRIMARY KEY ("handleHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_signup_verification_email" ON "signup_verification" ("brokerName", "email", "createdAt") `);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD "emailVerifiedAt" bigint`);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD "ctidRequestedAt" bigint`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "trader_user" DROP COLUMN "ctidRequestedAt"`);
        await queryRunner.query(`ALTER TABLE "trader_user" DROP COLUMN "emailVerifiedAt"`);
        await queryRunner.query(`DROP INDEX "IDX_signup_verification_email"`);
        await queryRunner.query(`DROP TABLE "signup_verification"`);
        await queryRunner.query(`DROP INDEX "IDX_signup_code_send_email"`);
        await queryRunner.query(`DROP INDEX "IDX_signup_code_send_ip"`);
        await queryRunner.query(`DROP TABLE "signup_code_send"`);
    }

}

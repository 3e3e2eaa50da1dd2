import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Signup email verification (flows §2.3 "Email ownership"). The two trader_user columns are added in place
 * (ADD COLUMN) rather than by TypeORM's table rebuild, so no other migration's copy of the table is involved.
 */
export class SignupEmailVerification1795300000000 implements MigrationInterface {
    name = 'SignupEmailVerification1795300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "signup_code_send" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64) NOT NULL, "email" varchar(254) NOT NULL, "ip" varchar(64) NOT NULL, "sentAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_signup_code_send_ip" ON "signup_code_send" ("brokerName", "ip", "sentAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_signup_code_send_email" ON "signup_code_send" ("brokerName", "email", "sentAt") `);
        await queryRunner.query(`CREATE TABLE "signup_verification" ("handleHash" varchar(64) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "email" varchar(254) NOT NULL, "codeHash" varchar(64) NOT NULL, "codeExpiresAt" bigint NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "addressTaken" boolean NOT NULL DEFAULT (0), "signup" text NOT NULL, "expiresAt" bigint NOT NULL, "consumedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_signup_verification_email" ON "signup_verification" ("brokerName", "email", "createdAt") `);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD COLUMN "emailVerifiedAt" bigint`);
        await queryRunner.query(`ALTER TABLE "trader_user" ADD COLUMN "ctidRequestedAt" bigint`);
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

import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue #19: staff accounts (2FA, invitations, sessions), roles on API keys, actor type and name in the audit log,
 * four-eyes on payments. Existing API keys keep their powers under the new roles: write → admin, read → viewer.
 */
export class StaffAndFourEyes1795301300000 implements MigrationInterface {
    name = 'StaffAndFourEyes1795301300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_member" ("id" character varying(36) NOT NULL, "email" character varying(254) NOT NULL, "displayName" character varying(128) NOT NULL, "status" character varying(16) NOT NULL, "passwordHash" character varying(200), "totpSecret" character varying(64), "totpEnrolledAt" bigint, "totpLastStep" bigint, "grants" text NOT NULL, "createdAt" bigint NOT NULL, "disabledAt" bigint, CONSTRAINT "PK_342343208cbc30b3c14a976b0a0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f5ac79f0b9ec1e1ceebc6f7b35" ON "staff_member" ("email") `);
        await queryRunner.query(`CREATE TABLE "staff_invite" ("tokenHash" character varying(64) NOT NULL, "staffId" character varying(36) NOT NULL, "createdAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "usedAt" bigint, CONSTRAINT "PK_94742a30a569b2353e3bb9ac359" PRIMARY KEY ("tokenHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_invite_member" ON "staff_invite" ("staffId") `);
        await queryRunner.query(`CREATE TABLE "staff_recovery_code" ("codeHash" character varying(64) NOT NULL, "staffId" character varying(36) NOT NULL, "createdAt" bigint NOT NULL, "usedAt" bigint, CONSTRAINT "PK_45be65256623ddddc555ab721b2" PRIMARY KEY ("codeHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_recovery_code_member" ON "staff_recovery_code" ("staffId") `);
        await queryRunner.query(`CREATE TABLE "staff_session" ("idHash" character varying(64) NOT NULL, "staffId" character varying(36) NOT NULL, "stage" character varying(8) NOT NULL, "createdAt" bigint NOT NULL, "lastSeenAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint, CONSTRAINT "PK_a5b610d42a1f7100322d025961c" PRIMARY KEY ("idHash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_session_member" ON "staff_session" ("staffId") `);
        await queryRunner.query(`ALTER TABLE "admin_api_key" ADD "ownerStaffId" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "actorType" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "actorDisplay" character varying(256)`);
        await queryRunner.query(`ALTER TABLE "payment_request" ADD "firstApproverId" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "payment_request" ADD "firstApprovalActor" character varying(128)`);
        await queryRunner.query(`ALTER TABLE "payment_request" ADD "firstApprovedAt" bigint`);
        await queryRunner.query(`ALTER TABLE "admin_api_key" ALTER COLUMN "role" TYPE character varying(16)`);
        await queryRunner.query(`UPDATE "admin_api_key" SET "role" = CASE "role" WHEN 'write' THEN 'admin' WHEN 'read' THEN 'viewer' ELSE "role" END`);
        await queryRunner.query(`UPDATE "audit_event" SET "actorType" = CASE WHEN "actor" LIKE 'admin:%' THEN 'key' WHEN "actor" LIKE '%:%' THEN left(split_part("actor", ':', 1), 16) ELSE left("actor", 16) END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "admin_api_key" SET "role" = CASE "role" WHEN 'admin' THEN 'write' ELSE 'read' END`);
        await queryRunner.query(`ALTER TABLE "admin_api_key" ALTER COLUMN "role" TYPE character varying(8)`);
        await queryRunner.query(`ALTER TABLE "payment_request" DROP COLUMN "firstApprovedAt"`);
        await queryRunner.query(`ALTER TABLE "payment_request" DROP COLUMN "firstApprovalActor"`);
        await queryRunner.query(`ALTER TABLE "payment_request" DROP COLUMN "firstApproverId"`);
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "actorDisplay"`);
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "actorType"`);
        await queryRunner.query(`ALTER TABLE "admin_api_key" DROP COLUMN "ownerStaffId"`);
        await queryRunner.query(`DROP INDEX "IDX_staff_session_member"`);
        await queryRunner.query(`DROP TABLE "staff_session"`);
        await queryRunner.query(`DROP INDEX "IDX_staff_recovery_code_member"`);
        await queryRunner.query(`DROP TABLE "staff_recovery_code"`);
        await queryRunner.query(`DROP INDEX "IDX_staff_invite_member"`);
        await queryRunner.query(`DROP TABLE "staff_invite"`);
        await queryRunner.query(`DROP INDEX "IDX_f5ac79f0b9ec1e1ceebc6f7b35"`);
        await queryRunner.query(`DROP TABLE "staff_member"`);
    }

}

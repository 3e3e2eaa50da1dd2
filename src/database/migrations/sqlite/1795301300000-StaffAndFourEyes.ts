import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue #19: staff accounts (2FA, invitations, sessions), roles on API keys, actor type and name in the audit log,
 * four-eyes on payments. Existing API keys keep their powers under the new roles: write → admin, read → viewer.
 */
export class StaffAndFourEyes1795301300000 implements MigrationInterface {
    name = 'StaffAndFourEyes1795301300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_member" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "displayName" varchar(128) NOT NULL, "status" varchar(16) NOT NULL, "passwordHash" varchar(200), "totpSecret" varchar(64), "totpEnrolledAt" bigint, "totpLastStep" bigint, "grants" text NOT NULL, "createdAt" bigint NOT NULL, "disabledAt" bigint)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f5ac79f0b9ec1e1ceebc6f7b35" ON "staff_member" ("email") `);
        await queryRunner.query(`CREATE TABLE "staff_invite" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "createdAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "usedAt" bigint)`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_invite_member" ON "staff_invite" ("staffId") `);
        await queryRunner.query(`CREATE TABLE "staff_recovery_code" ("codeHash" varchar(64) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "createdAt" bigint NOT NULL, "usedAt" bigint)`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_recovery_code_member" ON "staff_recovery_code" ("staffId") `);
        await queryRunner.query(`CREATE TABLE "staff_session" ("idHash" varchar(64) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "stage" varchar(8) NOT NULL, "createdAt" bigint NOT NULL, "lastSeenAt" bigint NOT NULL, "expiresAt" bigint NOT NULL, "revokedAt" bigint)`);
        await queryRunner.query(`CREATE INDEX "IDX_staff_session_member" ON "staff_session" ("staffId") `);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`CREATE TABLE "temporary_admin_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "keyHash" varchar(64) NOT NULL, "role" varchar(8) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint, "ownerStaffId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "temporary_admin_api_key"("id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt") SELECT "id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt" FROM "admin_api_key"`);
        await queryRunner.query(`DROP TABLE "admin_api_key"`);
        await queryRunner.query(`ALTER TABLE "temporary_admin_api_key" RENAME TO "admin_api_key"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
        await queryRunner.query(`DROP INDEX "IDX_0f7fe7b46170e9d3c2d529eceb"`);
        await queryRunner.query(`CREATE TABLE "temporary_audit_event" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64), "category" varchar(16) NOT NULL, "action" varchar(64) NOT NULL, "actor" varchar(128) NOT NULL, "target" varchar(256), "details" text NOT NULL DEFAULT ('{}'), "requestId" varchar(64), "createdAt" bigint NOT NULL, "actorType" varchar(16), "actorDisplay" varchar(256))`);
        await queryRunner.query(`INSERT INTO "temporary_audit_event"("id", "brokerName", "category", "action", "actor", "target", "details", "requestId", "createdAt") SELECT "id", "brokerName", "category", "action", "actor", "target", "details", "requestId", "createdAt" FROM "audit_event"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
        await queryRunner.query(`ALTER TABLE "temporary_audit_event" RENAME TO "audit_event"`);
        await queryRunner.query(`CREATE INDEX "IDX_0f7fe7b46170e9d3c2d529eceb" ON "audit_event" ("brokerName", "createdAt") `);
        await queryRunner.query(`DROP INDEX "UQ_payment_request_form"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_list"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_login"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_job"`);
        await queryRunner.query(`CREATE TABLE "temporary_payment_request" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "kind" varchar(16) NOT NULL, "provider" varchar(16) NOT NULL, "state" varchar(16) NOT NULL, "amountMinor" bigint NOT NULL, "currency" varchar(3) NOT NULL, "moneyDigits" integer NOT NULL, "formKey" varchar(64) NOT NULL, "destination" varchar(200), "externalId" varchar(64) NOT NULL, "jobId" varchar(36), "balanceHistoryId" bigint, "reason" varchar(32), "note" varchar(500), "providerEventId" varchar(128), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, "firstApproverId" varchar(36), "firstApprovalActor" varchar(128), "firstApprovedAt" bigint)`);
        await queryRunner.query(`INSERT INTO "temporary_payment_request"("id", "brokerName", "userId", "login", "kind", "provider", "state", "amountMinor", "currency", "moneyDigits", "formKey", "destination", "externalId", "jobId", "balanceHistoryId", "reason", "note", "providerEventId", "createdAt", "updatedAt") SELECT "id", "brokerName", "userId", "login", "kind", "provider", "state", "amountMinor", "currency", "moneyDigits", "formKey", "destination", "externalId", "jobId", "balanceHistoryId", "reason", "note", "providerEventId", "createdAt", "updatedAt" FROM "payment_request"`);
        await queryRunner.query(`DROP TABLE "payment_request"`);
        await queryRunner.query(`ALTER TABLE "temporary_payment_request" RENAME TO "payment_request"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_payment_request_form" ON "payment_request" ("brokerName", "userId", "formKey") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_list" ON "payment_request" ("brokerName", "state", "createdAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_login" ON "payment_request" ("brokerName", "login", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_job" ON "payment_request" ("jobId") `);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`CREATE TABLE "temporary_admin_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "keyHash" varchar(64) NOT NULL, "role" varchar(16) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint, "ownerStaffId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "temporary_admin_api_key"("id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt", "ownerStaffId") SELECT "id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt", "ownerStaffId" FROM "admin_api_key"`);
        await queryRunner.query(`DROP TABLE "admin_api_key"`);
        await queryRunner.query(`ALTER TABLE "temporary_admin_api_key" RENAME TO "admin_api_key"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
        await queryRunner.query(`UPDATE "admin_api_key" SET "role" = CASE "role" WHEN 'write' THEN 'admin' WHEN 'read' THEN 'viewer' ELSE "role" END`);
        await queryRunner.query(`UPDATE "audit_event" SET "actorType" = CASE WHEN "actor" LIKE 'admin:%' THEN 'key' WHEN "actor" LIKE '%:%' THEN substr("actor", 1, instr("actor", ':') - 1) ELSE substr("actor", 1, 16) END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "admin_api_key" SET "role" = CASE "role" WHEN 'admin' THEN 'write' ELSE 'read' END`);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`ALTER TABLE "admin_api_key" RENAME TO "temporary_admin_api_key"`);
        await queryRunner.query(`CREATE TABLE "admin_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "keyHash" varchar(64) NOT NULL, "role" varchar(8) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint, "ownerStaffId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "admin_api_key"("id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt", "ownerStaffId") SELECT "id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt", "ownerStaffId" FROM "temporary_admin_api_key"`);
        await queryRunner.query(`DROP TABLE "temporary_admin_api_key"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_job"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_login"`);
        await queryRunner.query(`DROP INDEX "IDX_payment_request_list"`);
        await queryRunner.query(`DROP INDEX "UQ_payment_request_form"`);
        await queryRunner.query(`ALTER TABLE "payment_request" RENAME TO "temporary_payment_request"`);
        await queryRunner.query(`CREATE TABLE "payment_request" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "login" bigint NOT NULL, "kind" varchar(16) NOT NULL, "provider" varchar(16) NOT NULL, "state" varchar(16) NOT NULL, "amountMinor" bigint NOT NULL, "currency" varchar(3) NOT NULL, "moneyDigits" integer NOT NULL, "formKey" varchar(64) NOT NULL, "destination" varchar(200), "externalId" varchar(64) NOT NULL, "jobId" varchar(36), "balanceHistoryId" bigint, "reason" varchar(32), "note" varchar(500), "providerEventId" varchar(128), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`INSERT INTO "payment_request"("id", "brokerName", "userId", "login", "kind", "provider", "state", "amountMinor", "currency", "moneyDigits", "formKey", "destination", "externalId", "jobId", "balanceHistoryId", "reason", "note", "providerEventId", "createdAt", "updatedAt") SELECT "id", "brokerName", "userId", "login", "kind", "provider", "state", "amountMinor", "currency", "moneyDigits", "formKey", "destination", "externalId", "jobId", "balanceHistoryId", "reason", "note", "providerEventId", "createdAt", "updatedAt" FROM "temporary_payment_request"`);
        await queryRunner.query(`DROP TABLE "temporary_payment_request"`);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_job" ON "payment_request" ("jobId") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_login" ON "payment_request" ("brokerName", "login", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_payment_request_list" ON "payment_request" ("brokerName", "state", "createdAt") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_payment_request_form" ON "payment_request" ("brokerName", "userId", "formKey") `);
        await queryRunner.query(`DROP INDEX "IDX_0f7fe7b46170e9d3c2d529eceb"`);
        await queryRunner.query(`ALTER TABLE "audit_event" RENAME TO "temporary_audit_event"`);
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "brokerName" varchar(64), "category" varchar(16) NOT NULL, "action" varchar(64) NOT NULL, "actor" varchar(128) NOT NULL, "target" varchar(256), "details" text NOT NULL DEFAULT ('{}'), "requestId" varchar(64), "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`INSERT INTO "audit_event"("id", "brokerName", "category", "action", "actor", "target", "details", "requestId", "createdAt") SELECT "id", "brokerName", "category", "action", "actor", "target", "details", "requestId", "createdAt" FROM "temporary_audit_event"`);
        await queryRunner.query(`DROP TABLE "temporary_audit_event"`);
        await queryRunner.query(`CREATE INDEX "IDX_0f7fe7b46170e9d3c2d529eceb" ON "audit_event" ("brokerName", "createdAt") `);
        await queryRunner.query(`DROP INDEX "IDX_46d77ca2f419c58c537cabf9f1"`);
        await queryRunner.query(`ALTER TABLE "admin_api_key" RENAME TO "temporary_admin_api_key"`);
        await queryRunner.query(`CREATE TABLE "admin_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "keyHash" varchar(64) NOT NULL, "role" varchar(8) NOT NULL, "brokers" text NOT NULL, "createdAt" bigint NOT NULL, "revokedAt" bigint)`);
        await queryRunner.query(`INSERT INTO "admin_api_key"("id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt") SELECT "id", "name", "keyHash", "role", "brokers", "createdAt", "revokedAt" FROM "temporary_admin_api_key"`);
        await queryRunner.query(`DROP TABLE "temporary_admin_api_key"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_46d77ca2f419c58c537cabf9f1" ON "admin_api_key" ("keyHash") `);
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

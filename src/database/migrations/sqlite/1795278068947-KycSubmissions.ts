import { MigrationInterface, QueryRunner } from "typeorm";

export class KycSubmissions1795278068947 implements MigrationInterface {
    name = 'KycSubmissions1795278068947'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "kyc_document" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "submissionId" varchar(36) NOT NULL, "storedName" varchar(64) NOT NULL, "originalName" varchar(200) NOT NULL, "fileType" varchar(10) NOT NULL, "sizeBytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_kyc_document_submission" ON "kyc_document" ("brokerName", "submissionId") `);
        await queryRunner.query(`CREATE TABLE "kyc_submission" ("id" varchar(36) PRIMARY KEY NOT NULL, "brokerName" varchar(64) NOT NULL, "userId" integer NOT NULL, "accountLogin" bigint, "documentType" varchar(40) NOT NULL, "status" varchar(10) NOT NULL, "reviewReason" varchar(500), "reviewedBy" varchar(128), "reviewedAt" bigint, "createdAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_kyc_submission_status" ON "kyc_submission" ("brokerName", "status", "createdAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_kyc_submission_user" ON "kyc_submission" ("brokerName", "userId", "createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_kyc_submission_user"`);
        await queryRunner.query(`DROP INDEX "IDX_kyc_submission_status"`);
        await queryRunner.query(`DROP TABLE "kyc_submission"`);
        await queryRunner.query(`DROP INDEX "IDX_kyc_document_submission"`);
        await queryRunner.query(`DROP TABLE "kyc_document"`);
    }

}

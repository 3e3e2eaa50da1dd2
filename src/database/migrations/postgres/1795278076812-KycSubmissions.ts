import { MigrationInterface, QueryRunner } from "typeorm";

export class KycSubmissions1795278076812 implements MigrationInterface {
    name = 'KycSubmissions1795278076812'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "kyc_document" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "submissionId" character varying(36) NOT NULL, "storedName" character varying(64) NOT NULL, "originalName" character varying(200) NOT NULL, "fileType" character varying(10) NOT NULL, "sizeBytes" integer NOT NULL, "sha256" character varying(64) NOT NULL, "createdAt" bigint NOT NULL, CONSTRAINT "PK_b05ea58640a46615fb11d9b6a63" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_kyc_document_submission" ON "kyc_document" ("brokerName", "submissionId") `);
        await queryRunner.query(`CREATE TABLE "kyc_submission" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "userId" integer NOT NULL, "accountLogin" bigint, "documentType" character varying(40) NOT NULL, "status" character varying(10) NOT NULL, "reviewReason" character varying(500), "reviewedBy" character varying(128), "reviewedAt" bigint, "createdAt" bigint NOT NULL, CONSTRAINT "PK_2bae34c1996f948f32d36d4400f" PRIMARY KEY ("id"))`);
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

import { MigrationInterface, QueryRunner } from "typeorm";

/** Outbound webhooks (issue #21): endpoints with sealed signing secrets, one delivery per message and endpoint, and the attempt log. */
export class Webhooks1795301100000 implements MigrationInterface {
    name = 'Webhooks1795301100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_endpoint" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "url" character varying(2048) NOT NULL, "eventTypes" text NOT NULL, "secrets" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "disabledReason" character varying(16), "failingSince" bigint, "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_webhook_endpoint" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_endpoint_broker_created" ON "webhook_endpoint" ("brokerName", "createdAt") `);
        await queryRunner.query(`CREATE TABLE "webhook_delivery" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "endpointId" character varying(36) NOT NULL, "messageId" character varying(64) NOT NULL, "eventType" character varying(32) NOT NULL, "body" text NOT NULL, "state" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "jobId" character varying(36), "createdAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, CONSTRAINT "PK_webhook_delivery" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_webhook_delivery_endpoint_message" ON "webhook_delivery" ("endpointId", "messageId") `);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_delivery_endpoint_created" ON "webhook_delivery" ("endpointId", "createdAt") `);
        await queryRunner.query(`CREATE TABLE "webhook_attempt" ("id" character varying(36) NOT NULL, "brokerName" character varying(64) NOT NULL, "endpointId" character varying(36) NOT NULL, "deliveryId" character varying(36) NOT NULL, "attemptedAt" bigint NOT NULL, "status" integer, "durationMs" integer NOT NULL, "responseSnippet" text NOT NULL DEFAULT '', "error" character varying(300), CONSTRAINT "PK_webhook_attempt" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_delivery" ON "webhook_attempt" ("deliveryId", "attemptedAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_endpoint" ON "webhook_attempt" ("endpointId", "attemptedAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "webhook_attempt"`);
        await queryRunner.query(`DROP TABLE "webhook_delivery"`);
        await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
    }

}

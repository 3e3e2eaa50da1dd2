import { MigrationInterface, QueryRunner } from "typeorm";

export class EmailOutboxRedactedView1795300100000 implements MigrationInterface {
    name = 'EmailOutboxRedactedView1795300100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "email_outbox" ADD COLUMN "redactedTextBody" text`);
        await queryRunner.query(`ALTER TABLE "email_outbox" ADD COLUMN "redactedHtmlBody" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "email_outbox" DROP COLUMN "redactedHtmlBody"`);
        await queryRunner.query(`ALTER TABLE "email_outbox" DROP COLUMN "redactedTextBody"`);
    }

}

import { MigrationInterface, QueryRunner } from "typeorm";

/** The `email_backlog` gauge counts queued messages at every scrape: by index, not by reading the whole outbox. */
export class EmailOutboxStateIndex1795300750000 implements MigrationInterface {
    name = 'EmailOutboxStateIndex1795300750000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_email_outbox_state" ON "email_outbox" ("state", "brokerName") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_email_outbox_state"`);
    }

}

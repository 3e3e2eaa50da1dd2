import { MigrationInterface, QueryRunner } from "typeorm";

/** When the KYC and partner facts were true (the durable event's occurredAt): a retried older event never overwrites a newer one. */
export class RibbonFactEventTimes1795300500000 implements MigrationInterface {
    name = 'RibbonFactEventTimes1795300500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ribbon_user_fact" ADD COLUMN "kycStatusAt" bigint`);
        await queryRunner.query(`ALTER TABLE "ribbon_user_fact" ADD COLUMN "isPartnerAt" bigint`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ribbon_user_fact" DROP COLUMN "isPartnerAt"`);
        await queryRunner.query(`ALTER TABLE "ribbon_user_fact" DROP COLUMN "kycStatusAt"`);
    }

}

import { TraderKycSection } from './back-office/trader-kyc.section';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminKycController } from './admin/admin-kyc.controller';
import { KycStatusSection } from './screens/kyc-status.section';
import { KycDocument } from './entities/kyc-document.entity';
import { KycSubmission } from './entities/kyc-submission.entity';
import { KycDocumentStore } from './services/kyc-document-store.service';
import { KycReviewQueueMetric } from './services/kyc-review-queue.metric';
import { KycSubmissions } from './services/kyc-submissions.service';
import { KycUploadReader } from './services/kyc-upload-reader.service';
import { KycScreenController } from './screens/kyc-screen.controller';
import { KycPagesController, KycPagesRegistration } from './back-office/kyc-pages.controller';
import { TraderUser } from '../../../kernel/users';

/** KYC (part of InAppActions): the /inapp/kyc upload screen, document storage, admin review and download. */
@Module({
  imports: [TypeOrmModule.forFeature([KycSubmission, KycDocument, TraderUser])],
  controllers: [KycScreenController, AdminKycController, KycPagesController],
  providers: [KycStatusSection, TraderKycSection, KycDocumentStore, KycUploadReader, KycSubmissions, KycReviewQueueMetric, KycPagesRegistration],
  exports: [KycSubmissions],
})
export class KycModule {}

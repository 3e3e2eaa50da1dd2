import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminPaymentsController } from './admin/admin-payments.controller';
import { HostedCallbackController } from './api/hosted-callback.controller';
import { PaymentHistorySection } from './screens/payment-history.section';
import { PaymentOutcomeListener } from './jobs/payment-outcome.listener';
import { PaymentReconciliationMetric } from './services/payment-reconciliation.metric';
import { PaymentRequest } from './entities/payment-request.entity';
import { PaymentRequests } from './services/payment-requests.service';
import { HostedPaymentProvider } from './providers/hosted-payment.provider';
import { ManualPaymentProvider } from './providers/manual-payment.provider';
import { PaymentProviders } from './providers/payment-providers';
import { TraderPaymentsSection } from './back-office/trader-payments.section';
import { PaymentScreensController } from './screens/payment-screens.controller';
import { PaymentPagesController, PaymentPagesRegistration } from './back-office/payment-pages.controller';
import { TraderUser } from '../../../kernel/users';

/** The money half of in-app actions (issue #6): deposit/withdrawal screens, providers, exactly-once completion, admin API. */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentRequest, TraderUser])],
  controllers: [PaymentScreensController, HostedCallbackController, AdminPaymentsController, PaymentPagesController],
  providers: [
    PaymentHistorySection,
    TraderPaymentsSection,
    PaymentRequests,
    PaymentOutcomeListener,
    PaymentReconciliationMetric,
    PaymentProviders,
    ManualPaymentProvider,
    HostedPaymentProvider,
    PaymentPagesRegistration,
  ],
  exports: [PaymentRequests],
})
export class PaymentsModule {}

import { Global, Module } from '@nestjs/common';
import { BalanceChangeAttempts } from './change-balance/balance-change-attempts';
import { ChangeBalanceJobHandler } from './change-balance/change-balance.job-handler';
import { ChangeBalanceJobs } from './change-balance/change-balance-jobs.service';
import { CtraderGateway } from './ctrader-gateway.service';

/**
 * The shared cTrader client (ARCHITECTURE.md §4) plus the exactly-once changebalance job and its attempt records. Needs the global
 * BrokerIdentification, Observability, Health and Jobs modules.
 */
@Global()
@Module({
  providers: [CtraderGateway, ChangeBalanceJobHandler, ChangeBalanceJobs, BalanceChangeAttempts],
  exports: [CtraderGateway, ChangeBalanceJobs],
})
export class CtraderGatewayModule {}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ContractException } from '../../../kernel/errors';
import { InappEntryService, InappIdentity, InappTokenRedeemer, ScreenException } from '../../../kernel/screens';
import { OneTimeTokenService } from '../../../kernel/tokens';

/**
 * Full SSO's in-app door: the `token` of an in-app screen is the OT token our 4.4 issued (purpose `inapp`),
 * consumed here by one atomic statement. Any failure (unknown, expired, used, other broker) is the same
 * translated page: the trader can only go back to the app and tap again.
 */
@Injectable()
export class FullSsoInappRedeemer implements InappTokenRedeemer, OnModuleInit {
  constructor(
    private readonly entry: InappEntryService,
    private readonly oneTimeTokens: OneTimeTokenService,
  ) {}

  onModuleInit(): void {
    this.entry.register(ModuleKey.FullSso, this);
  }

  async redeem(broker: BrokerContext, token: string): Promise<InappIdentity> {
    try {
      const outcome = await this.oneTimeTokens.consume(broker.brokerName, token, 'inapp');
      if (!outcome.ok) throw new ScreenException(401, 'errors.tokenInvalid');
      return { userId: outcome.token.userId };
    } catch (e) {
      if (e instanceof ContractException) throw new ScreenException(401, 'errors.tokenInvalid');
      throw e;
    }
  }
}

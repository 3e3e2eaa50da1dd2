import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock';
import { AccessToken } from './access-token.entity';
import { AccessTokenService } from './access-token.service';
import { CrmApiToken } from './crm-api-token.entity';
import { CrmApiTokenService } from './crm-api-token.service';
import { InappToken } from './inapp-token.entity';
import { OneTimeToken } from './one-time-token.entity';
import { LoginTokenExchange } from './login-token-exchange';
import { OneTimeTokenService } from './one-time-token.service';

@Global()
@Module({
  imports: [ClockModule, TypeOrmModule.forFeature([CrmApiToken, OneTimeToken, AccessToken, InappToken])],
  providers: [CrmApiTokenService, OneTimeTokenService, AccessTokenService, LoginTokenExchange],
  exports: [ClockModule, CrmApiTokenService, OneTimeTokenService, AccessTokenService, LoginTokenExchange],
})
export class TokensModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersController } from './admin/admin-users.controller';
import { PasswordLogin } from './password-login.service';
import { SessionRevocationListener } from './session-revocation.listener';
import { TraderConsent } from './trader-consent.entity';
import { TraderUser } from './trader-user.entity';
import { TradingAccount } from './trading-account.entity';
import { UserSecurity } from './user-security.service';
import { UsersService } from './users.service';
import { IntroducingBrokerResolver } from './introducing-broker.resolver';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount, TraderConsent])],
  controllers: [AdminUsersController],
  providers: [UsersService, PasswordLogin, UserSecurity, SessionRevocationListener, IntroducingBrokerResolver],
  exports: [UsersService, PasswordLogin, UserSecurity, IntroducingBrokerResolver, TypeOrmModule],
})
export class UsersModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersController } from './admin/admin-users.controller';
import { DeviceCookies } from './device-cookies.service';
import { LoginDevice } from './login-device.entity';
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
  imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount, LoginDevice, TraderConsent])],
  controllers: [AdminUsersController],
  providers: [UsersService, DeviceCookies, PasswordLogin, UserSecurity, SessionRevocationListener, IntroducingBrokerResolver],
  exports: [UsersService, DeviceCookies, PasswordLogin, UserSecurity, IntroducingBrokerResolver, TypeOrmModule],
})
export class UsersModule {}

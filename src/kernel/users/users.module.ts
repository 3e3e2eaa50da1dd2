import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminTraderImportController } from './admin/admin-trader-import.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { TraderImport } from './import/trader-import.service';
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
import { UsersBackOfficeCounter } from './users-back-office.counter';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount, LoginDevice, TraderConsent])],
  controllers: [AdminTraderImportController, AdminUsersController],
  providers: [
    UsersService,
    DeviceCookies,
    PasswordLogin,
    UserSecurity,
    SessionRevocationListener,
    IntroducingBrokerResolver,
    TraderImport,
    UsersBackOfficeCounter,
  ],
  exports: [UsersService, DeviceCookies, PasswordLogin, UserSecurity, IntroducingBrokerResolver, TraderImport, TypeOrmModule],
})
export class UsersModule {}

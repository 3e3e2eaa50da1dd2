import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraderUser } from './trader-user.entity';
import { TradingAccount } from './trading-account.entity';
import { PasswordLogin } from './password-login.service';
import { UsersService } from './users.service';
import { IntroducingBrokerResolver } from './introducing-broker.resolver';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount])], providers: [UsersService, PasswordLogin, IntroducingBrokerResolver], exports: [UsersService, PasswordLogin, IntroducingBrokerResolver, TypeOrmModule] })
export class UsersModule {}

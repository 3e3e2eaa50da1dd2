import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraderUser } from './trader-user.entity';
import { TradingAccount } from './trading-account.entity';
import { PasswordLogin } from './password-login.service';
import { UsersService } from './users.service';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount])], providers: [UsersService, PasswordLogin], exports: [UsersService, PasswordLogin, TypeOrmModule] })
export class UsersModule {}

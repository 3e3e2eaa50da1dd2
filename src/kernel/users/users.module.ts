import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraderUser } from './trader-user.entity';
import { TradingAccount } from './trading-account.entity';
import { UsersService } from './users.service';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([TraderUser, TradingAccount])], providers: [UsersService], exports: [UsersService, TypeOrmModule] })
export class UsersModule {}

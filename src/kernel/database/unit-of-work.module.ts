import { Global, Module } from '@nestjs/common';
import { DirectSql } from './direct-sql';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [UnitOfWork, DirectSql], exports: [UnitOfWork, DirectSql] })
export class UnitOfWorkModule {}

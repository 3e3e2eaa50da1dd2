import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate';

/**
 * The one way to open a transaction (business row + outbox job + audit commit together). On SQLite it goes
 * through the transaction gate (see SqliteTransactionGate for why); on PostgreSQL it is a plain transaction.
 * Do not call `dataSource.transaction` or `repository.save` (which opens one) elsewhere.
 */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const gate = SqliteTransactionGate.of(this.ds);
    if (!gate) return this.ds.transaction(work);
    return gate.exclusive(() => this.ds.transaction(work));
  }
}

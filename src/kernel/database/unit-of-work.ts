import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate';

type AfterCommit = () => Promise<void>;

/**
 * The one way to open a transaction (business row + outbox job + audit commit together). On SQLite it goes
 * through the transaction gate (see SqliteTransactionGate for why); on PostgreSQL it is a plain transaction.
 * Do not call `dataSource.transaction` or `repository.save` (which opens one) elsewhere.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');
  private readonly afterCommitHooks = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const hooks: AfterCommit[] = [];
    const transaction = () =>
      this.ds.transaction((manager) => {
        this.afterCommitHooks.set(manager, hooks);
        return work(manager);
      });
    const gate = SqliteTransactionGate.of(this.ds);
    const result = await (gate ? gate.exclusive(transaction) : transaction());
    // Committed (a rollback threw above) and, on SQLite, the gate is released: hooks may query freely.
    for (const hook of hooks) {
      await hook().catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'after-commit hook failed'));
    }
    return result;
  }

  /**
   * Runs `hook` once the transaction of `manager` committed (never on rollback). Only an optimisation may hang on
   * it — a crash right after the commit skips it — so whatever it does must also happen without it (DurableEvents:
   * the job worker runs the reaction later). Returns false when `manager` is not one of run()'s transactions.
   */
  afterCommit(manager: EntityManager, hook: AfterCommit): boolean {
    const hooks = this.afterCommitHooks.get(manager);
    if (!hooks) return false;
    hooks.push(hook);
    return true;
  }
}

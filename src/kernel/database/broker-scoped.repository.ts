import { DeepPartial, FindManyOptions, FindOneOptions, FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';

export interface BrokerOwned extends ObjectLiteral {
  brokerName: string;
}

/**
 * Broker isolation by construction (contract §1.2, ARCHITECTURE.md §3): every read and write made through
 * this wrapper carries `brokerName = :broker`, so a query that forgets the broker cannot be written.
 */
export class BrokerScopedRepository<T extends BrokerOwned> {
  constructor(
    readonly repository: Repository<T>,
    readonly brokerName: string,
  ) {}

  private scope(where?: FindOptionsWhere<T> | FindOptionsWhere<T>[]): FindOptionsWhere<T> | FindOptionsWhere<T>[] {
    const b = { brokerName: this.brokerName } as FindOptionsWhere<T>;
    if (Array.isArray(where)) return where.map((w) => ({ ...w, ...b }));
    return { ...(where ?? {}), ...b };
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scope(options.where) });
  }

  findAndCount(options: FindManyOptions<T> = {}): Promise<[T[], number]> {
    return this.repository.findAndCount({ ...options, where: this.scope(options.where) });
  }

  findOne(options: FindOneOptions<T>): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scope(options.where) });
  }

  findOneBy(where: FindOptionsWhere<T>): Promise<T | null> {
    return this.repository.findOneBy(this.scope(where));
  }

  count(where: FindOptionsWhere<T> = {}): Promise<number> {
    return this.repository.countBy(this.scope(where));
  }

  create(values: DeepPartial<T>): T {
    return this.repository.create({ ...values, brokerName: this.brokerName } as DeepPartial<T>);
  }

  /** A plain INSERT (save() would open its own transaction; see UnitOfWork). Generated ids are merged in. */
  async insert(values: DeepPartial<T>): Promise<T> {
    const entity = this.create(values);
    await this.repository.insert(entity);
    return entity;
  }

  async update(where: FindOptionsWhere<T>, values: DeepPartial<T>): Promise<number> {
    const { brokerName: _ignored, ...rest } = values as Record<string, unknown>;
    const r = await this.repository.update(this.scope(where), rest as never);
    return r.affected ?? 0;
  }

  async delete(where: FindOptionsWhere<T>): Promise<number> {
    const r = await this.repository.delete(this.scope(where));
    return r.affected ?? 0;
  }

  queryBuilder(alias: string): SelectQueryBuilder<T> {
    return this.repository.createQueryBuilder(alias).where(`${alias}.brokerName = :scopeBroker`, { scopeBroker: this.brokerName });
  }
}

import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds in a BIGINT on both dialects: one representation, integer
 * comparisons in the hot token checks (`expires_at > :now`), no time-zone or driver-specific date parsing.
 * PostgreSQL's driver returns BIGINT as a string, hence the transformer.
 */
const epochMs: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

export function EpochMsColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'bigint', transformer: epochMs });
}

/** Same for other integers beyond 32 bits (cTrader ids, money in minor units). */
export const BigIntColumn = EpochMsColumn;

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PAYMENT_KINDS, PAYMENT_STATES, PaymentKind, PaymentState } from '../payment-state';

export class AdminPaymentQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._~-]+$/) brokerName?: string;
  @ApiPropertyOptional({ enum: PAYMENT_STATES }) @IsOptional() @IsIn(PAYMENT_STATES) state?: PaymentState;
  @ApiPropertyOptional({ enum: PAYMENT_KINDS }) @IsOptional() @IsIn(PAYMENT_KINDS) kind?: PaymentKind;
  @ApiPropertyOptional({ enum: ['manual', 'hosted'] }) @IsOptional() @IsIn(['manual', 'hosted']) provider?: 'manual' | 'hosted';
  @ApiPropertyOptional({ description: 'Trading account (cTrader login)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) login?: number;
  @ApiPropertyOptional({ description: 'Local user id' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) userId?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Page backwards: requests created before this epoch-ms instant' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdBefore?: number;
}

export class AdminPaymentDecisionDto {
  @ApiPropertyOptional({ description: 'Why (kept with the request and in the audit log); no secrets' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AdminPaymentDto {
  @ApiProperty() id: string;
  @ApiProperty() brokerName: string;
  @ApiProperty() userId: number;
  @ApiProperty({ description: 'cTrader login of the trading account' }) login: number;
  @ApiProperty({ enum: PAYMENT_KINDS }) kind: string;
  @ApiProperty({ enum: ['manual', 'hosted'] }) provider: string;
  @ApiProperty({ enum: PAYMENT_STATES }) state: string;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty({ description: 'The same as a plain decimal, e.g. "100.50"' }) amount: string;
  @ApiProperty() currency: string;
  @ApiProperty() moneyDigits: number;
  @ApiProperty({ description: 'The reference the trader quotes on a bank transfer' }) reference: string;
  @ApiProperty({ nullable: true, type: String, description: 'Withdrawals: payout details as typed by the trader' }) destination: string | null;
  @ApiProperty({ description: '3.5 externalId of the balance change' }) externalId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The changebalance job (see /admin/jobs)' }) jobId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "cTrader's balanceHistoryId, once completed" }) balanceHistoryId: number | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

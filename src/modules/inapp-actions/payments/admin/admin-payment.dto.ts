import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PAYMENT_KINDS, PAYMENT_STATES, PaymentKind, PaymentState } from '../domain/payment-state';

export class AdminPaymentQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_STATES }) @IsOptional() @IsIn(PAYMENT_STATES) state?: PaymentState;
  @ApiPropertyOptional({ enum: PAYMENT_KINDS }) @IsOptional() @IsIn(PAYMENT_KINDS) kind?: PaymentKind;
  @ApiPropertyOptional({ enum: ['manual', 'hosted'] }) @IsOptional() @IsIn(['manual', 'hosted']) provider?: 'manual' | 'hosted';
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Trading account (cTrader login)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  login?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Local user id' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) userId?: number;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page backwards: requests created before this epoch-ms instant' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdBefore?: number;
}

export class AdminPaymentDecisionDto {
  @ApiPropertyOptional({ description: 'Why (kept with the request and in the audit log); no secrets', example: 'Bank transfer seen on the statement of 2 Jan' })
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
  @ApiProperty({ format: 'decimal', description: 'The same as a plain decimal', example: '100.50' }) amount: string;
  @ApiProperty() currency: string;
  @ApiProperty() moneyDigits: number;
  @ApiProperty({ description: 'The reference the trader quotes on a bank transfer' }) reference: string;
  @ApiProperty({ nullable: true, type: String, description: 'Withdrawals: payout details as typed by the trader' }) destination: string | null;
  @ApiProperty({ description: '3.5 externalId of the balance change' }) externalId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The changebalance job (see /admin/brokers/{brokerName}/jobs)' }) jobId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "cTrader's balanceHistoryId, once completed" }) balanceHistoryId: number | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Four-eyes: the actor (`staff:<id>`, `admin:<keyId>`) of the first of two approvals' })
  firstApprovedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) firstApprovedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class AdminReconcileDto {
  @ApiProperty({
    enum: ['credited', 'notCredited'],
    description: "What staff found at cTrader: the trader's balance shows the change (credited) or it does not (notCredited: one new 3.5 attempt is made)",
  })
  @IsIn(['credited', 'notCredited'])
  resolution: 'credited' | 'notCredited';
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    description: "Credited: cTrader's balanceHistoryId of the change, when known",
    example: 918273,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  balanceHistoryId?: number;
  @ApiProperty({
    description: 'What was checked (kept with the request and in the audit log); no secrets',
    example: 'Balance history checked in cTrader: credited once',
  })
  @IsString()
  @MaxLength(500)
  @Matches(/\S/, { message: 'note must say what was checked' })
  note: string;
}

export class AdminBalanceChangeAttemptDto {
  @ApiProperty({ enum: ['idle', 'sending', 'applied', 'rejected'], description: 'sending = a 3.5 was sent and its outcome is unknown' }) state: string;
  @ApiProperty({ description: '3.5 requests sent (or about to be) for this movement' }) sends: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSentAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'TIMEOUT, NETWORK_ERROR, HTTP_503, … of the last failed send' }) lastErrorCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastErrorStatus: number | null;
  @ApiProperty({ nullable: true, type: String, enum: ['answer', 'source', 'staff'] }) confirmedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
}

export class AdminTraderBalanceDto {
  @ApiProperty({ description: 'Minor units with moneyDigits, as cTrader reports them' }) balance: number;
  @ApiProperty({ description: 'The same as a plain decimal' }) balanceText: string;
  @ApiProperty() moneyDigits: number;
  @ApiProperty({ nullable: true, type: Number }) nonWithdrawableBonus: number | null;
}

export class AdminReconciliationDto {
  @ApiProperty({ type: AdminPaymentDto }) payment: AdminPaymentDto;
  @ApiProperty({ type: AdminBalanceChangeAttemptDto, nullable: true }) attempt: AdminBalanceChangeAttemptDto | null;
  @ApiProperty({
    type: AdminTraderBalanceDto,
    nullable: true,
    description: 'The trading account read from cTrader now (GET trader); null when the read failed',
  })
  trader: AdminTraderBalanceDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the trader read failed (cTrader code)' }) traderError: string | null;
}

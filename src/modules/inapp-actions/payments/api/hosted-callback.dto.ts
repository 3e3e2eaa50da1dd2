import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** The hosted provider's notification (docs/payments.md). Newlines are refused: they separate the signed fields. */
export class HostedCallbackRequest {
  @ApiPropertyOptional({ example: 'demo_broker' }) @IsOptional() @IsString() brokerName?: string;
  @ApiPropertyOptional({ example: 'demo_crm' }) @IsOptional() @IsString() brokerCrmName?: string;
  @ApiProperty({ description: 'Our payment request id (from the redirect)', format: 'uuid', example: '0b6f1c52-8d1e-4c53-9a51-6f0e2b7d9a10' })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/i)
  paymentId: string;
  @ApiProperty({ description: "The provider's id of this notification; a redelivery carries the same id", example: 'evt_1PqR7sT2uV3w' })
  @IsDefined()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,128}$/)
  eventId: string;
  @ApiProperty({ enum: ['succeeded', 'declined'] }) @IsDefined() @IsIn(['succeeded', 'declined']) status: 'succeeded' | 'declined';
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, description: 'Minor units, must equal the request', example: 10000 })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'USD' }) @IsDefined() @IsString() @Matches(/^[A-Z]{3}$/) currency: string;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'Epoch seconds when the provider signed the notification', example: 1767225600 })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(1e11)
  timestamp: number;
}

export class HostedCallbackResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty() state: string;
  @ApiProperty({ description: 'true when this exact event was already processed (nothing changed)' }) duplicate: boolean;
}

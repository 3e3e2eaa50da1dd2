import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** The hosted provider's notification (docs/payments.md). Newlines are refused: they separate the signed fields. */
export class HostedCallbackRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() brokerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() brokerCrmName?: string;
  @ApiProperty({ description: 'Our payment request id (from the redirect)' }) @IsDefined() @IsString() @Matches(/^[0-9a-f-]{36}$/i) paymentId: string;
  @ApiProperty({ description: "The provider's id of this notification; a redelivery carries the same id" })
  @IsDefined()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,128}$/)
  eventId: string;
  @ApiProperty({ enum: ['succeeded', 'declined'] }) @IsDefined() @IsIn(['succeeded', 'declined']) status: 'succeeded' | 'declined';
  @ApiProperty({ description: 'Minor units, must equal the request' }) @IsDefined() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountMinor: number;
  @ApiProperty() @IsDefined() @IsString() @Matches(/^[A-Z]{3}$/) currency: string;
  @ApiProperty({ description: 'Epoch seconds when the provider signed the notification' }) @IsDefined() @IsInt() @Min(0) @Max(1e11) timestamp: number;
}

export class HostedCallbackResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty() state: string;
  @ApiProperty({ description: 'true when this exact event was already processed (nothing changed)' }) duplicate: boolean;
}

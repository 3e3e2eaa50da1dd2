import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../../kernel/errors';
import { PARTNER_ID_PATTERN } from '../domain/partner-id';

/** Contract §1.4, cTrader Invite attribution webhook. Unknown fields are ignored (cTrader may add some). */
@IgnoresUnknownFields()
export class InviteWebhookRequest {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, description: 'cTrader userId of the invited user', example: 2200452 })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  invitedUserId: number;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, description: 'cTrader userId of the partner who invited them', example: 2200451 })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  partnerUserId: number;
  @ApiPropertyOptional({ description: "The broker's partner id, when cTrader knows it", type: String, nullable: true, example: null })
  @IsOptional()
  @IsString()
  @Matches(PARTNER_ID_PATTERN)
  brokerPartnerId?: string;
  @ApiProperty({ example: 'demo_broker' }) @IsDefined() @IsString() brokerName: string;
  @ApiPropertyOptional({ example: 'demo_crm' }) @IsOptional() @IsString() brokerCrmName?: string;
}

export class InviteWebhookResponse {
  @ApiProperty() brokerPartnerId: string;
  @ApiProperty({ enum: ['ATTRIBUTED_NEW', 'ATTRIBUTED', 'PENDING_ATTRIBUTION', 'REATTRIBUTED'] }) brokerResult: string;
}

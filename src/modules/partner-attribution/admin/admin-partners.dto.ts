import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PARTNER_ID_PATTERN } from '../domain/partner-id';

export class PartnerListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page forwards: partners with an internal id above this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterId?: number;
}

export class DownlineQueryDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Only this many levels below the partner' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  maxDepth?: number;
  @ApiPropertyOptional({ type: 'integer', default: 1000, minimum: 1, maximum: 100000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  limit?: number;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page backwards: events with an id below this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;
}

export class CreatePartnerDto {
  @ApiPropertyOptional({ type: 'integer', format: 'int64', minimum: 1, description: "The user's cTrader userId (or give email)", example: 2200451 })
  @ValidateIf((o: CreatePartnerDto) => o.email === undefined)
  @IsDefined()
  @IsInt()
  @Min(1)
  userId?: number;
  @ApiPropertyOptional({ format: 'email', description: "The user's email (or give userId)", example: 'trader@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;
  @ApiPropertyOptional({
    description: 'Parent partnerId; absent: the partner who referred the user (if any); null: a root partner',
    nullable: true,
    type: String,
    example: null,
  })
  @IsOptional()
  @IsString()
  @Matches(PARTNER_ID_PATTERN)
  parentPartnerId?: string | null;
}

export class MovePartnerDto {
  @ApiProperty({ nullable: true, type: String, description: 'The new parent partnerId, or null for the root', example: null })
  @ValidateIf((o: MovePartnerDto) => o.parentPartnerId !== null)
  @IsDefined()
  @IsString()
  @Matches(PARTNER_ID_PATTERN)
  parentPartnerId: string | null;
}

export class PartnerDto {
  @ApiProperty() partnerId: string;
  @ApiProperty() brokerName: string;
  @ApiProperty({ nullable: true, type: Number, description: 'cTrader userId' }) userId: number | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) parentPartnerId: string | null;
  @ApiProperty({ enum: ['active', 'removed'] }) status: string;
  @ApiProperty() source: string;
  @ApiProperty({ enum: ['pending', 'synced', 'removing', 'removed', 'failed'], description: 'Referral id at cTrader (3.6 verified by 3.7, or 3.8)' })
  referralState: string;
  @ApiProperty() referralLink: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) removedAt: string | null;
}

export class PartnerNodeDto {
  @ApiProperty() partnerId: string;
  @ApiProperty({ description: 'Levels from the partner asked about (1 = direct)' }) depth: number;
  @ApiProperty({ nullable: true, type: String }) parentPartnerId: string | null;
}

export class LevelStatsDto {
  @ApiProperty() level: number;
  @ApiProperty() partners: number;
  @ApiProperty() traders: number;
}

export class AttributionEventDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['ATTRIBUTED_NEW', 'ATTRIBUTED', 'REATTRIBUTED', 'PENDING_ATTRIBUTION', 'COMPLETED', 'KEPT'] }) outcome: string;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: Number, description: 'cTrader userId of the trader' }) traderUserId: number | null;
  @ApiProperty() partnerId: string;
  @ApiProperty({ nullable: true, type: String }) previousPartnerId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

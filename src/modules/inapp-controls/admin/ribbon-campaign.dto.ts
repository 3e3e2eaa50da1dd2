import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RIBBON_SYNC_STATES } from '../entities/ribbon-user-sync.entity';
import { RIBBON_AUDIENCE_KINDS, RIBBON_SEGMENTS, RibbonAudienceKind, RibbonSegment } from '../domain/ribbon-campaign.types';

const MAX_LIST = 100_000;

export class RibbonActionDto {
  @ApiPropertyOptional({ description: 'Opened inside cTrader: an http(s) URL or a path of our in-app screens (/inapp/deposit)', example: '/inapp/kyc' })
  @IsOptional()
  @IsString()
  urlinApp?: string;
  @ApiPropertyOptional({ description: 'Opened in the browser: an http(s) URL', example: 'https://broker.example.com/bonus' })
  @IsOptional()
  @IsString()
  urlExternal?: string;
}

export class RibbonAudienceDto {
  @ApiProperty({ enum: RIBBON_AUDIENCE_KINDS }) @IsDefined() @IsIn(RIBBON_AUDIENCE_KINDS) kind: RibbonAudienceKind;
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    isArray: true,
    minimum: 1,
    description: 'kind=accounts: trading account logins',
    example: [3100271],
  })
  @ValidateIf((o: RibbonAudienceDto) => o.kind === 'accounts' || o.logins !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST)
  @IsInt({ each: true })
  @Min(1, { each: true })
  logins?: number[];
  @ApiPropertyOptional({ type: 'integer', format: 'int64', isArray: true, minimum: 1, description: 'kind=users: cTID user ids', example: [2200451] })
  @ValidateIf((o: RibbonAudienceDto) => o.kind === 'users' || o.userIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST)
  @IsInt({ each: true })
  @Min(1, { each: true })
  userIds?: number[];
  @ApiPropertyOptional({ enum: RIBBON_SEGMENTS, isArray: true, description: 'kind=segment: every listed segment must hold' })
  @ValidateIf((o: RibbonAudienceDto) => o.kind === 'segment' || o.segments !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RIBBON_SEGMENTS.length)
  @IsIn(RIBBON_SEGMENTS, { each: true })
  segments?: RibbonSegment[];
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 3650, description: 'segment inactive: days without activity (default 30)', example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  inactiveDays?: number;
}

export class RibbonCampaignInputDto {
  @ApiProperty({ description: 'Admin-facing name', example: 'KYC reminder' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Title per language; placeholders {firstName} {lastName} {accountNumber} {currency} {brokerName}',
    example: { en: 'Verify your identity, {firstName}', es: 'Verifica tu identidad, {firstName}' },
  })
  @IsDefined()
  @IsObject()
  title: Record<string, string>;
  @ApiProperty({ example: '#1a73e8', pattern: '^#[0-9a-fA-F]{6}$' })
  @IsDefined()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be #rrggbb' })
  color: string;
  @ApiProperty({ type: RibbonActionDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => RibbonActionDto) action: RibbonActionDto;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() closable?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'ISO 8601; shown from this instant (inclusive)',
    nullable: true,
    example: '2026-01-05T09:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'ISO 8601; shown until this instant (exclusive)',
    nullable: true,
    example: '2026-12-31T23:59:59.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string | null;
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: -1000, maximum: 1000, description: 'Higher first within a targeting level' })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;
  @ApiProperty({ type: RibbonAudienceDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => RibbonAudienceDto) audience: RibbonAudienceDto;
}

export class RibbonCampaignDto {
  @ApiProperty() id: number;
  @ApiProperty() brokerName: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) title: Record<string, string>;
  @ApiProperty() color: string;
  @ApiProperty({ type: RibbonActionDto }) action: RibbonActionDto;
  @ApiProperty() closable: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startsAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endsAt: string | null;
  @ApiProperty() priority: number;
  @ApiProperty({ type: RibbonAudienceDto }) audience: RibbonAudienceDto;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RibbonUserSyncDto {
  @ApiProperty({ description: 'cTID userId' }) userId: number;
  @ApiProperty() brokerName: string;
  @ApiProperty({ enum: RIBBON_SYNC_STATES, description: 'pending: a push is queued; synced: cTrader has the desired set; failed: the push gave up' })
  state: string;
  @ApiProperty({ type: Object, description: "This broker's part of the user's 3.9 rules" }) desiredRules: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'The 3.9 rules cTrader last accepted' }) lastPushedRules: unknown;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastPushedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RibbonUsersQueryDto {
  @ApiPropertyOptional({ enum: RIBBON_SYNC_STATES }) @IsOptional() @IsIn(RIBBON_SYNC_STATES) state?: string;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Page: cTID user ids after this one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterUserId?: number;
}

export class RibbonPreviewDto {
  @ApiProperty({ description: 'cTID userId' }) userId: number;
  @ApiProperty({ format: 'date-time', description: 'ISO 8601: the instant the preview was computed for' }) at: string;
  @ApiProperty({ type: Object, description: 'The 3.9 `rules` this broker would give the user right now' }) rules: unknown;
}

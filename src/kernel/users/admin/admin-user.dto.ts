import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class UserSearchQueryDto {
  @ApiPropertyOptional({ description: 'Part of the email (case-insensitive)' }) @IsOptional() @IsString() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: 'Part of the first or last name (case-insensitive)' }) @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: "cTrader's userId (cTID), exact" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ctidUserId?: number;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page backwards: users with a smaller id' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;
}

export class AdminUserDto {
  @ApiProperty({ description: 'Local id (used in the admin routes; never sent to cTrader)' }) id: number;
  @ApiProperty() brokerName: string;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty() preferredLanguage: string;
  @ApiProperty({ nullable: true, type: Number, description: "cTrader's userId (cTID)" }) ctidUserId: number | null;
  @ApiProperty({ enum: ['local', 'ctid_created', 'agreement_accepted', 'complete'] }) signupStep: string;
  @ApiProperty({ enum: ['fullSso', 'lightIdentity'] }) origin: string;
  @ApiProperty({ description: 'Whether a password is set (Light-identity users have none until they reset it)' }) hasPassword: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'ISO 8601: locked by an admin since' }) lockedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'ISO 8601: when the trader proved owning the email (signup code, reset or email-change link); null = never proven here',
  })
  emailVerifiedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'ISO 8601: logins refused until (too many wrong passwords)' })
  loginLockedUntil: string | null;
  @ApiProperty() failedLoginCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AdminTradingAccountDto {
  @ApiProperty({ nullable: true, type: Number, description: 'cTrader trader login' }) login: number | null;
  @ApiProperty({ enum: ['creating', 'created', 'linking', 'linked'] }) state: string;
  @ApiProperty({ nullable: true, type: Number }) ctidTraderAccountId: number | null;
  @ApiProperty() currency: string;
  @ApiProperty() leverage: number;
  @ApiProperty() accountType: string;
  @ApiProperty({ example: 'live', description: "cTrader's environmentName: live, demo, live2…" }) environment: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A consent the trader ticked at signup (config brokers[].consents), with the evidence stored with it. */
export class AdminConsentDto {
  @ApiProperty({ example: 'terms' }) key: string;
  @ApiProperty({ example: '2026-01', description: "The document's version at the time" }) version: string;
  @ApiProperty({ format: 'date-time', description: 'ISO 8601' }) acceptedAt: string;
  @ApiProperty({ description: 'Client IP of the signup request' }) ip: string;
}

export class AdminUserDetailDto extends AdminUserDto {
  @ApiProperty({ type: [AdminTradingAccountDto] }) tradingAccounts: AdminTradingAccountDto[];
  @ApiProperty({ type: [AdminConsentDto], description: 'Consents given at signup, oldest first' }) consents: AdminConsentDto[];
}

export class RevokedTokensDto {
  @ApiProperty({ description: 'Access tokens revoked' }) revokedAccessTokens: number;
}

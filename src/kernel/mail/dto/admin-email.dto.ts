import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EMAIL_STATES, EmailState } from '../email-message.entity';

export class EmailOutboxQueryDto {
  @ApiPropertyOptional({ description: 'Recipient (exact, case-insensitive)' }) @IsOptional() @IsString() @MaxLength(254) to?: string;
  @ApiPropertyOptional({ description: 'Only messages of this template, e.g. sso.passwordReset' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.]{1,64}$/)
  template?: string;
  @ApiPropertyOptional({ enum: EMAIL_STATES }) @IsOptional() @IsIn(EMAIL_STATES) state?: EmailState;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Write key only, audited: the real bodies of outbox-transport (demo) messages' })
  @IsOptional()
  @IsIn(['true', 'false'])
  reveal?: 'true' | 'false';
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page backwards: messages with a smaller id' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;
}

export class EmailMessageDto {
  @ApiProperty() id: number;
  @ApiProperty() brokerName: string;
  @ApiProperty() to: string;
  @ApiProperty() from: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'Single-use links and codes shown as [redacted] (reveal=true: the real body of an outbox message)' }) text: string;
  @ApiProperty({ description: 'As text' }) html: string;
  @ApiProperty() template: string;
  @ApiProperty() language: string;
  @ApiProperty({ enum: ['outbox', 'smtp'] }) transport: string;
  @ApiProperty({ enum: EMAIL_STATES }) state: string;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
}

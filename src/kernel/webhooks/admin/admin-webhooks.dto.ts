import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-event-types';

export class CreateWebhookEndpointDto {
  @ApiProperty({
    description: 'https URL of the receiver (production refuses http, loopback, link-local and private addresses)',
    format: 'uri',
    example: 'https://crm.broker.example/hooks/ctrader',
  })
  @IsString()
  @MaxLength(2048)
  url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['user.signed_up', 'payment.completed'] })
  @IsArray()
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ format: 'uri', example: 'https://crm.broker.example/hooks/ctrader' }) @IsOptional() @IsString() @MaxLength(2048) url?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class DeliveryListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class WebhookEndpointDto {
  @ApiProperty() id: string;
  @ApiProperty() brokerName: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, enum: ['admin', 'auto'] }) disabledReason: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'ISO 8601: first failure of the current streak (null: last attempt succeeded)',
  })
  failingSince: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'ISO 8601: until when the previous signing secret still signs (rotation overlap)',
  })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'The signing secret (whsec_…). Shown only in this answer; store it in the receiver now.' }) secret: string;
}

export class WebhookAttemptDto {
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({ nullable: true, type: Number }) status: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'The first bytes of the answer' }) responseSnippet: string;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The webhook-id header (stable across retries and redeliveries)' }) messageId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'skipped'] }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [WebhookAttemptDto], description: 'Newest first' }) log: WebhookAttemptDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ADMIN_ROLES, type AdminRole } from '../../kernel/admin-access';
import { ModuleKey } from '../../config/module-key';

export class BrokerModulesDto {
  @ApiProperty() brokerName: string;
  @ApiProperty() brokerCrmName: string;
  @ApiProperty({ description: 'Each module of the deployment: on or off for this broker', example: { fullSso: true, inappActions: false } })
  modules: Record<string, boolean>;
}

export class ModuleStatusReportDto {
  @ApiProperty({ enum: ModuleKey, isArray: true, description: 'Modules this deployment loads (deployment gate)' })
  deployment: ModuleKey[];
  @ApiProperty({ type: [BrokerModulesDto] }) brokers: BrokerModulesDto[];
}

export class ConfigReloadedDto {
  @ApiProperty({ example: true }) reloaded: true;
  @ApiProperty({ type: [String], description: 'Brokers now configured that were not' }) added: string[];
  @ApiProperty({ type: [String], description: 'Brokers no longer configured' }) removed: string[];
  @ApiProperty({ type: [String], description: 'Brokers whose settings changed' }) changed: string[];
}

export class AuditEventDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: String }) brokerName: string | null;
  @ApiProperty({ enum: ['admin', 'security'] }) category: string;
  @ApiProperty() action: string;
  @ApiProperty({ description: '`admin:<keyId>`, `staff:<id>`, `user:<id>`, `ip:<address>`…' }) actor: string;
  @ApiProperty({ nullable: true, type: String, enum: ['key', 'staff', 'user', 'ip', 'system'] }) actorType: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The key's name or the person's email at the time" }) actorDisplay: string | null;
  @ApiProperty({ nullable: true, type: String }) target: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() brokerName?: string;
  @ApiPropertyOptional({ enum: ['admin', 'security'] }) @IsOptional() @IsIn(['admin', 'security']) category?: 'admin' | 'security';
  @ApiPropertyOptional({ description: 'Only the events of this actor (`staff:<id>`, `admin:<keyId>`…), e.g. `staff:2b7c…`' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Page backwards: events with a smaller id' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;
}

export class CreateAdminKeyDto {
  @ApiProperty({ example: 'payments desk' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(128) name: string;
  @ApiProperty({ enum: ADMIN_ROLES, description: 'One role on every broker of the key (the former read/write are accepted as viewer/admin)' })
  @IsDefined()
  @IsIn([...ADMIN_ROLES, 'read', 'write'])
  role: AdminRole | 'read' | 'write';
  @ApiPropertyOptional({
    description: 'The staff member this key is issued to (four-eyes then counts that person); omit (or null) for a machine',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  @IsOptional()
  @IsUUID()
  ownerStaffId?: string;
  @ApiProperty({ example: ['demo_broker'], description: 'brokerNames, or ["*"] for all (only a key for all may grant that)' })
  @IsDefined()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^(\*|[A-Za-z0-9._~-]+)$/, { each: true })
  brokers: string[];
}

export class AdminKeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ADMIN_ROLES }) role: string;
  @ApiProperty({ type: [String] }) brokers: string[];
  @ApiProperty({ nullable: true, type: String }) ownerStaffId: string | null;
}

export class CreatedAdminKeyDto extends AdminKeyDto {
  @ApiProperty({ description: 'The key itself, shown this once; only its hash is stored' }) key: string;
}

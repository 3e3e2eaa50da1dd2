import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IgnoresUnknownFields } from '../../../kernel/errors';
import { IsDefined, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/**
 * Bodies may also carry the broker ids (contract §1.2 resolves them from the body), so every 4.x body accepts
 * them. Any other unknown field is ignored (contract §1.4: cTrader may add fields; refusing one would stop every
 * login).
 */
@IgnoresUnknownFields()
export class BrokerIdsBody {
  @ApiPropertyOptional({ example: 'demo_broker' }) @IsOptional() @IsString() brokerName?: string;
  @ApiPropertyOptional({ example: 'demo_crm' }) @IsOptional() @IsString() brokerCrmName?: string;
}

export class CrmApiTokenRequest extends BrokerIdsBody {
  @ApiProperty({
    description: "The password agreed with Spotware for this brokerCrmName (the example is the demo's, config/default.yaml)",
    format: 'password',
    example: 'demo-crm-password',
  })
  @IsDefined()
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class CrmApiTokenResponse {
  @ApiProperty({ example: 'crm_7f3a…' }) crmApiToken: string;
}

export class ExchangeRequest extends BrokerIdsBody {
  @ApiProperty({ description: 'The one-time token from the success URL', example: 'ott_4QhZ2mWkR8sYc1nV7bTe3u' })
  @IsDefined()
  @IsString()
  @MaxLength(256)
  code: string;
}

export class ExchangeResponse {
  @ApiProperty({ description: "cTrader's userId" }) userId: number;
  @ApiPropertyOptional({ description: 'Only when the user chose Keep me logged in (or Embedded cTrader Web)' }) accessToken?: string;
  @ApiPropertyOptional({ description: 'When the broker enables inappToken (default)' }) inappToken?: string;
}

export class ValidateRequest extends BrokerIdsBody {
  @ApiProperty({ description: 'The access token 4.2 gave', example: 'at_9dL0pXe2QvHs7KmC4rWy1z' }) @IsDefined() @IsString() @MaxLength(256) accessToken: string;
}

export class ValidateResponse {
  @ApiProperty() userId: number;
  @ApiPropertyOptional() inappToken?: string;
}

const numericString = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);

export class GenerateRequest extends BrokerIdsBody {
  @ApiProperty({ description: "cTrader's userId (a numeric string is accepted)", type: 'integer', format: 'int64', minimum: 1, example: 2200451 })
  @IsDefined()
  @Transform(numericString)
  @IsInt()
  @Min(1)
  userId: number;
}

export class GenerateResponse {
  @ApiProperty({ description: 'A one-time token (purpose inapp, 60 s, single use) for the in-app screen' }) token: string;
}

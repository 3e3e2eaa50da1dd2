import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ADMIN_ROLES, type AdminRole } from '../admin-roles';

export class AdminGrantDto {
  @ApiProperty({ example: 'demo_broker', description: 'A brokerName, or "*" for every broker' })
  @IsDefined()
  @Matches(/^(\*|[A-Za-z0-9._~-]+)$/)
  broker: string;
  @ApiProperty({ enum: ADMIN_ROLES }) @IsDefined() @IsIn(ADMIN_ROLES) role: AdminRole;
}

export class InviteStaffDto {
  @ApiProperty({ format: 'email', example: 'bob@broker.example' }) @IsDefined() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Bob Novak' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(128) displayName: string;
  @ApiProperty({ type: [AdminGrantDto] })
  @IsDefined()
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => AdminGrantDto)
  grants: AdminGrantDto[];
}

export class StaffGrantsDto {
  @ApiProperty({ type: [AdminGrantDto] }) @IsDefined() @IsArray() @ValidateNested({ each: true }) @Type(() => AdminGrantDto) grants: AdminGrantDto[];
}

export class StaffDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['invited', 'active', 'disabled'] }) status: string;
  @ApiProperty() twoFactorEnrolled: boolean;
  @ApiProperty({ type: [AdminGrantDto] }) grants: AdminGrantDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StaffLoginDto {
  @ApiProperty({ format: 'email', example: 'alice@broker.example' }) @IsDefined() @IsString() @MaxLength(254) email: string;
  @ApiProperty({ format: 'password', example: 'correct horse battery staple' }) @IsDefined() @IsString() @MaxLength(256) password: string;
}

export class AcceptInviteDto {
  @ApiProperty({ description: 'The token of the invitation link', example: 'inv_Yb3nQ8rT2wXk5mLp0cVd7s' })
  @IsDefined()
  @IsString()
  @MaxLength(128)
  token: string;
  @ApiProperty({ format: 'password', minLength: 12, example: 'correct horse battery staple' }) @IsDefined() @IsString() @MaxLength(256) password: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' }) @IsDefined() @Matches(/^\d{6}$/) code: string;
}

export class SecondFactorDto {
  @ApiPropertyOptional({ example: '123456' }) @IsOptional() @Matches(/^\d{6}$/) code?: string;
  @ApiPropertyOptional({
    description: 'One of the recovery codes given at enrolment (each works once); send it instead of code',
    example: null,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recoveryCode?: string;
}

export class StaffSessionStateDto {
  @ApiProperty({ enum: ['totp', 'enrol', 'full'], description: 'totp: send a code; enrol: set up 2FA first; full: signed in' }) stage: string;
  @ApiProperty({ description: 'Send as x-csrf-token with every state-changing request' }) csrfToken: string;
}

export class StaffSessionDto extends StaffSessionStateDto {
  @ApiProperty({ type: StaffDto }) staff: StaffDto;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for typing into the app by hand' }) secret: string;
  @ApiProperty() otpauthUri: string;
  @ApiProperty({ description: 'The otpauth URI as a PNG QR code (data: URL)' }) qrCodeDataUrl: string;
}

export class RecoveryCodesDto extends StaffSessionStateDto {
  @ApiProperty({ type: [String], description: 'Shown this once; each works once instead of a code' }) recoveryCodes: string[];
}

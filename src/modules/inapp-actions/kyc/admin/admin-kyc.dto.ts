import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { KYC_SUBMISSION_STATUSES, KycSubmissionStatus } from '../entities/kyc-submission.entity';

export class KycSubmissionQueryDto {
  @ApiPropertyOptional({ enum: KYC_SUBMISSION_STATUSES }) @IsOptional() @IsIn(KYC_SUBMISSION_STATUSES) status?: KycSubmissionStatus;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'local user id' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) userId?: number;
  @ApiPropertyOptional({ type: 'integer', default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'epoch ms: only submissions created before (paging, newest first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdBefore?: number;
}

export class KycReviewDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional({
    description: 'shown to the trader; required to reject',
    maxLength: 500,
    example: 'The photo page is cut off: please upload the whole page',
  })
  @ValidateIf((d: KycReviewDto) => d.decision === 'reject' || d.reason !== undefined)
  @IsString()
  @MinLength(3, { message: 'reason is required to reject (3–500 characters)' })
  @MaxLength(500)
  reason?: string;
}

export class KycDocumentDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'file name given by the trader (display only)' }) originalName: string;
  @ApiProperty({ enum: ['pdf', 'jpeg', 'png', 'webp'], description: 'recognised from the content' }) fileType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class KycSubmissionDto {
  @ApiProperty() id: string;
  @ApiProperty() brokerName: string;
  @ApiProperty() userId: number;
  @ApiProperty({ nullable: true, type: Number }) accountLogin: number | null;
  @ApiProperty() documentType: string;
  @ApiProperty({ enum: KYC_SUBMISSION_STATUSES }) status: KycSubmissionStatus;
  @ApiProperty({ nullable: true, type: String }) reviewReason: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [KycDocumentDto] }) documents: KycDocumentDto[];
}

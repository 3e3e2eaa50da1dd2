import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { JOB_STATES, JobState } from '../job-state';

export class JobQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES }) @IsOptional() @IsIn(JOB_STATES) state?: JobState;
  @ApiPropertyOptional({ description: 'Only jobs of this kind, e.g. ctrader.changeBalance' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  kind?: string;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'Page backwards: jobs created before this epoch-ms instant' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdBefore?: number;
}

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() brokerName: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: JOB_STATES }) state: string;
  @ApiProperty() idempotencyKey: string;
  @ApiProperty({ type: Object, description: 'The job payload (secret-looking fields masked)' }) payload: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'Handler result, or why the job died' }) result: unknown;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ format: 'date-time', description: 'ISO 8601: when the job is next due' }) runAfter: string;
  @ApiProperty({ nullable: true, type: String }) lockedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'ISO 8601 lease end' }) lockedUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

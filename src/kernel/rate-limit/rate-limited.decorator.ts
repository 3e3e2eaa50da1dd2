import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ErrorBody } from '../errors/error-body';

/** Per-IP throttle on a route (answers 429 RATE_LIMITED with Retry-After, contract §1.3). */
export function RateLimited(limit: number, ttlMs = 60_000) {
  return applyDecorators(
    Throttle({ default: { limit, ttl: ttlMs } }),
    UseGuards(ThrottlerGuard),
    ApiResponse({ status: 429, type: ErrorBody, description: 'RATE_LIMITED (see Retry-After)' }),
  );
}

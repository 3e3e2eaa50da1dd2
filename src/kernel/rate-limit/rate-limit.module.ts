import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { KeyedRateLimit } from './keyed-rate-limit.service';

/**
 * @nestjs/throttler, stored in Redis when REDIS_URL is set so every instance counts the same hits (ARCHITECTURE
 * §5); in memory for a single embedded instance. Routes opt in with @RateLimited(...);
 * KeyedRateLimit throttles on another key (a user) with the same storage.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: 600 }],
        ...(config.redisUrl ? { storage: new ThrottlerStorageRedisService(new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })) } : {}),
      }),
    }),
  ],
  providers: [KeyedRateLimit],
  exports: [ThrottlerModule, KeyedRateLimit],
})
export class RateLimitModule {}

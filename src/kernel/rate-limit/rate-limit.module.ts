import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/**
 * @nestjs/throttler, stored in Redis when REDIS_URL is set so every instance counts the same hits (ARCHITECTURE
 * §5); in memory for a single embedded instance. Routes opt in with @RateLimited(...).
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
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/**
 * One Clock for the whole application: every service that decides by time (expiries, leases, lockouts, due jobs)
 * injects it, so a test that advances it moves all of them together. Global because nearly every area needs it.
 */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}

import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';
import { DurableEvents } from './durable-events';

@Global()
@Module({ providers: [DomainEvents, DurableEvents], exports: [DomainEvents, DurableEvents] })
export class EventsModule {}

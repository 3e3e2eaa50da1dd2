import { INestApplication } from '@nestjs/common';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { DomainEventMap, DomainEventName } from '../../src/kernel/events/domain-events';
import { DurableEvents } from '../../src/kernel/events/durable-events';

/** Emits a durable event as an emitter module would: in a transaction of its own (the reactions run after it). */
export function emitDurable<K extends DomainEventName>(app: INestApplication, event: K, payload: DomainEventMap[K]): Promise<string[]> {
  return app.get(UnitOfWork).run((m) => app.get(DurableEvents).emitInTransaction(m, event, payload));
}

/** Records every `event` as a reaction would see it (a test reaction, registered like a module's). */
export function observeDurable<K extends DomainEventName>(app: INestApplication, event: K, seen: (payload: DomainEventMap[K]) => void): void {
  app.get(DurableEvents).react(event, `test.observe.${event}.${Math.random().toString(36).slice(2, 8)}`, async (e) => seen(e));
}

import { Injectable } from '@nestjs/common';
import { JobHandler } from './job-handler';

/** Handlers by job kind. Modules register theirs in onModuleInit; the worker only claims kinds registered here. */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register<P, R>(handler: JobHandler<P, R>): void {
    const existing = this.handlers.get(handler.kind);
    if (existing && existing !== handler) throw new Error(`A handler for job kind ${handler.kind} is already registered`);
    this.handlers.set(handler.kind, handler);
  }

  /** Tests replace handlers; production code never unregisters. */
  unregister(kind: string): void {
    this.handlers.delete(kind);
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}

import { Injectable } from '@nestjs/common';

/**
 * How many requests this process is answering right now, for what shutdown says it waits for. Counted from the
 * request's start to its response's `close`, which fires whether the answer was sent or the client went away
 * (Fastify's onResponse does not run for an aborted request). One shared listener, nothing allocated per request.
 */
@Injectable()
export class InFlightRequests {
  private current = 0;
  private readonly release = () => {
    this.current--;
  };

  get count(): number {
    return this.current;
  }

  /** Called from the first onRequest hook (create-app) with the raw response. */
  track(response: { once(event: 'close', listener: () => void): unknown }): void {
    this.current++;
    response.once('close', this.release);
  }
}

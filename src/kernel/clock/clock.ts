import { Injectable } from '@nestjs/common';

/**
 * The time every token and session check uses. Production reads the system clock; tests move it forward
 * (conformance 6.1.7: an OT token kept for more than a minute) instead of sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Test aid: pretend time has passed. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

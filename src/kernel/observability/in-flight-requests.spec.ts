import { EventEmitter } from 'node:events';
import { InFlightRequests } from './in-flight-requests';

describe('in-flight requests', () => {
  it('counts a request from its start until its response closes, answered or aborted, once each', () => {
    const inFlight = new InFlightRequests();
    const answered = new EventEmitter();
    const aborted = new EventEmitter();
    inFlight.track(answered);
    inFlight.track(aborted);
    expect(inFlight.count).toBe(2);
    answered.emit('close');
    expect(inFlight.count).toBe(1);
    aborted.emit('close');
    aborted.emit('close');
    expect(inFlight.count).toBe(0);
  });
});

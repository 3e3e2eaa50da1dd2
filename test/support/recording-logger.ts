import { LoggerService } from '@nestjs/common';
import { recordLog } from './test-run-records';

/**
 * Nest's logger for kernel code a test runs outside a test app (the standalone gateway of the ctrader suites): every
 * line, debug and verbose included, goes to the run's leak scan instead of the console, so a retry or renewal
 * logged with a token in it fails the run instead of being silenced (`Logger.overrideLogger(recordingLogger)`).
 */
export const recordingLogger: LoggerService = {
  log: (message: unknown, ...rest: unknown[]) => record('log', message, rest),
  error: (message: unknown, ...rest: unknown[]) => record('error', message, rest),
  warn: (message: unknown, ...rest: unknown[]) => record('warn', message, rest),
  debug: (message: unknown, ...rest: unknown[]) => record('debug', message, rest),
  verbose: (message: unknown, ...rest: unknown[]) => record('verbose', message, rest),
  fatal: (message: unknown, ...rest: unknown[]) => record('fatal', message, rest),
};

function record(level: string, message: unknown, rest: unknown[]): void {
  const plain = (value: unknown) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value);
  recordLog(JSON.stringify({ level, msg: plain(message), context: rest.map(plain) }));
}

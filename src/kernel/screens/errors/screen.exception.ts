import { HttpException } from '@nestjs/common';

export interface ScreenExceptionOptions {
  /** Translation key of the page title (default `errors.title`). */
  titleKey?: string;
  /** Interpolation values for the message (never a secret: they are shown to the user). */
  params?: Record<string, string | number>;
  /**
   * An app-relative "Try again" target (built with ctx.carry / ctx.self); `true` = this screen again without its
   * token. Without it the page offers Close (back to the app), which is right for dead tokens and links.
   */
  retry?: string | true;
  /** A machine-readable code for logs and tests (contract codes or the module's own). */
  code?: string;
  headers?: Record<string, string>;
}

/**
 * What a screen throws to show the trader a translated error page: HTTP status + translation key. Rendered by
 * ScreenExceptionFilter; any other exception on a screen route is mapped to a key there.
 */
export class ScreenException extends HttpException {
  readonly messageKey: string;
  readonly details: ScreenExceptionOptions;

  constructor(status: number, messageKey: string, options: ScreenExceptionOptions = {}) {
    super(options.code ?? messageKey, status);
    this.messageKey = messageKey;
    this.details = options;
  }
}

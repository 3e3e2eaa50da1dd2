import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContractException } from './contract.exception';
import { ErrorCode } from './error-code';
import { errorBody } from './error-body';
import { ERROR_STATUS } from './error-status';

/**
 * Turns everything thrown into the contract's error body (contract §1.3): our ContractExceptions as they are,
 * Nest's own HttpExceptions (unknown route, validation) mapped to a code, Fastify's parser errors (malformed
 * JSON, too large, wrong content type) to INVALID_REQUEST & co, and anything else to a 500 that names the request
 * id and nothing more (no stack, no message that could carry a secret).
 */
@Catch()
export class ContractExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyWithContractError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

const logger = new Logger('Errors');

/** The filter's answer as a function, for routes served outside Nest's pipeline (kernel/direct-routes). */
export function replyWithContractError(exception: unknown, request: FastifyRequest | undefined, reply: FastifyReply): void {
  const { status, code, message, headers } = describe(exception, request);
  if (status >= 500) {
    logger.error(
      { err: exception instanceof Error ? { name: exception.name, stack: exception.stack } : String(exception), reqId: request?.id },
      'unexpected error',
    );
  }
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(status, code, message));
}

function describe(exception: unknown, request: FastifyRequest | undefined) {
  if (exception instanceof ContractException) {
    return { status: exception.getStatus(), code: exception.code, message: exception.message, headers: exception.headers };
  }
  if (exception instanceof BadRequestException) {
    return { status: ERROR_STATUS[ErrorCode.InvalidRequest], code: ErrorCode.InvalidRequest, message: validationMessage(exception), headers: {} };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest);
    const message = status === 404 ? `Route ${request?.method ?? ''} ${(request?.url ?? '').split('?')[0]} not found` : exception.message;
    return { status, code, message, headers: {} };
  }
  const fastifyError = exception as { statusCode?: number; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return fromFastifyError(fastifyError.statusCode, fastifyError.code);
  }
  return {
    status: ERROR_STATUS[ErrorCode.InternalError],
    code: ErrorCode.InternalError,
    message: `Unexpected error; quote request id ${request?.id ?? 'unknown'} to support`,
    headers: {},
  };
}

/** The reverse direction, for Nest's and Fastify's own exceptions, which carry a status and no code (error-status.spec.ts: consistent with ERROR_STATUS). */
export const HTTP_CODES: Readonly<Record<number, ErrorCode>> = {
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

function fromFastifyError(status: number, code: string | undefined) {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return byCode(ErrorCode.PayloadTooLarge, 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return byCode(ErrorCode.UnsupportedMediaType, 'Unsupported content type; send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      return byCode(ErrorCode.InvalidRequest, 'Malformed request body');
  }
}

function byCode(code: ErrorCode, message: string) {
  return { status: ERROR_STATUS[code], code, message, headers: {} };
}

/** class-validator messages joined; Nest puts them in response.message as an array. */
function validationMessage(e: BadRequestException): string {
  const response = e.getResponse() as { message?: unknown };
  const m = response?.message;
  if (Array.isArray(m)) return m.join('; ');
  return typeof m === 'string' ? m : 'Invalid request';
}

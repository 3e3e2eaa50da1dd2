import { HttpException } from '@nestjs/common';
import { ErrorCode } from './error-code';

/** The one exception type that carries a contract error: status, code and a human message (no secrets). */
export class ContractException extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, status);
  }
}

export const brokerIdMissing = () => new ContractException(400, ErrorCode.BrokerIdMissing, 'Required broker identification parameters missing');
export const brokerIdInvalid = () => new ContractException(401, ErrorCode.BrokerIdInvalid, 'Invalid broker identification parameters');
export const brokerIdMismatch = () => new ContractException(403, ErrorCode.BrokerIdMismatch, 'Broker identification parameters do not match expected values');

import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';

/** Contract §1.3, "our decision": malformed → 417, unknown/used/revoked → 404, expired → 410. */
export const tokenMalformed = () => new ContractException(ErrorCode.TokenMalformed, 'Token is not well-formed');
export const tokenNotFound = () => new ContractException(ErrorCode.TokenNotFound, 'Token not found');
export const tokenExpired = () => new ContractException(ErrorCode.TokenExpired, 'Token expired');
export const clientAuthFailure = () => new ContractException(ErrorCode.ClientAuthFailure, 'Client authentication failed');
export const userNotFound = () => new ContractException(ErrorCode.UserNotFound, 'User not found');
export const inappTokenInvalid = () => new ContractException(ErrorCode.InappTokenInvalid, 'inappToken missing or invalid');

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { AdminApiKeyService } from './admin-api-key.service';
import { AdminPrincipal } from './admin-principal';

export const ADMIN_BEARER = 'admin-bearer';

@Injectable()
export class AdminBearerStrategy extends PassportStrategy(Strategy, ADMIN_BEARER) {
  constructor(private readonly keys: AdminApiKeyService) {
    super();
  }

  async validate(token: string): Promise<AdminPrincipal> {
    const principal = await this.keys.authenticate(token);
    if (!principal) throw new ContractException(ErrorCode.AdminAuthInvalid, 'Invalid admin API key');
    return principal;
  }
}

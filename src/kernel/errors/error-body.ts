import { STATUS_CODES } from 'node:http';
import { ApiProperty } from '@nestjs/swagger';

/** Contract §1.3: every error body is exactly `{ error, message, code }`. */
export class ErrorBody {
  @ApiProperty({ example: 'Bad Request', description: 'HTTP reason phrase' })
  error: string;
  @ApiProperty({ example: 'Required broker identification parameters missing' })
  message: string;
  @ApiProperty({ example: 'BROKER_ID_MISSING' })
  code: string;
}

export function errorBody(status: number, code: string, message: string): ErrorBody {
  return { error: STATUS_CODES[status] ?? 'Error', message, code };
}

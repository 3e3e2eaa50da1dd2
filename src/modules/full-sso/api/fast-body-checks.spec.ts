import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { contractValidationPipe } from '../../../kernel/errors/contract-validation.pipe';
import { ExchangeRequest, GenerateRequest, ValidateRequest } from './ctrader-api.dto';
import './fast-body-checks';

/** The fast path must never accept a body class-validator would refuse, and must produce the same DTO. */
describe('fast body checks of 4.2–4.4', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.constantFrom('a'.repeat(256), 'a'.repeat(257), '0', '1', '007', '1e3', '-1', '1.5', '', '123456789012345', '1234567890123456'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  );
  const body = fc.dictionary(fc.constantFrom('accessToken', 'code', 'userId', 'brokerName', 'brokerCrmName', 'extra', 'constructor'), value, { maxKeys: 4 });

  it.each([
    ['ValidateRequest', ValidateRequest],
    ['ExchangeRequest', ExchangeRequest],
    ['GenerateRequest', GenerateRequest],
  ])('%s: whatever the fast path accepts, class-validator accepts the same way', async (_n, type) => {
    const pipe = contractValidationPipe();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const slowInstance: object = plainToInstance(type as never, b);
        // These DTOs ignore unknown fields (contract §1.4): class-validator strips them (whitelist, no forbid).
        const slowOk = validateSync(slowInstance, { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true }).length === 0;
        let piped: unknown;
        let error: unknown;
        try {
          piped = await pipe.transform(b, { type: 'body', metatype: type as never, data: '' });
        } catch (e) {
          error = e;
        }
        expect(error === undefined).toBe(slowOk);
        if (slowOk) {
          expect(piped).toBeInstanceOf(type);
          expect({ ...(piped as object) }).toEqual({ ...slowInstance });
        }
      }),
      { numRuns: 1000 },
    );
  });
});

import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ModuleKey } from '../../../config/module-key';
import { AdminPrincipal } from '../../admin-access/admin-principal';
import { AdminBrokerRoute, CurrentAdmin, CurrentAdminBroker } from '../../admin-access/admin-route.decorator';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { ContractException } from '../../errors/contract.exception';
import { ErrorCode } from '../../errors/error-code';
import { ImportReport, TraderImport } from '../import/trader-import.service';
import { IMPORT_FIELDS } from '../import/trader-import-record';
import { ApiTag } from '../../openapi';

const FORMATS: Record<string, 'csv' | 'jsonl'> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl' };

/**
 * The trader import over the admin API (issue #21): the file is the request body, streamed (text/csv or
 * application/x-ndjson), the broker in the path, the dry run in the query. A write key for that broker only: the guard refuses
 * a key scoped to another broker (403 ADMIN_BROKER_FORBIDDEN) before a byte is read.
 */
@ApiTags(ApiTag.Users)
@Controller('admin/brokers/:brokerName/users/import')
export class AdminTraderImportController {
  constructor(private readonly importer: TraderImport) {}

  @Post()
  @HttpCode(200)
  @AdminBrokerRoute('admin.manage', ModuleKey.FullSso)
  @ApiOperation({
    summary:
      "Import the broker's existing traders from CSV or JSONL (idempotent by email); dryRun=true reports per line what would be created, updated or refused",
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiBody({
    description: `The file: a CSV with a header naming its columns, or one JSON object a line. Columns: ${IMPORT_FIELDS.join(', ')} (email required). The example is CSV; as JSONL the same line is {"email":"jane.doe@example.com",…}.`,
    schema: { type: 'string', example: 'email,firstName,lastName,country,language\njane.doe@example.com,Jane,Doe,CY,en\n' },
  })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'The per-line report: { brokerName, dryRun, totals, lines: [{ line, email, outcome, reason?, changes? }], fileError }' })
  async import(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Query('dryRun') dryRun: string | undefined,
    @Req() req: { id: string; headers: Record<string, string | undefined>; body?: unknown },
  ): Promise<ImportReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const format = FORMATS[type];
    if (!format || !(req.body instanceof Readable)) {
      throw new ContractException(ErrorCode.UnsupportedMediaType, 'Send the import file as text/csv or application/x-ndjson');
    }
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw new ContractException(ErrorCode.InvalidRequest, 'dryRun must be true or false');
    return this.importer.run({ broker, input: req.body, format, dryRun: dryRun === 'true', actor: admin.actor, requestId: req.id });
  }
}

import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { KycConfig, KycFileType } from '../../../../config/kyc-config';
import { KycDocumentStore } from './kyc-document-store.service';
import { sniffKycFileType } from '../domain/kyc-file-sniffer';
import { KycUploadRefused } from '../domain/kyc-upload-refused.error';

/** The file input's name on the KYC form. */
export const KYC_FILE_FIELD = 'documents';

export interface AcceptedFile {
  storedName: string;
  originalName: string;
  fileType: KycFileType;
  sizeBytes: number;
  sha256: string;
}

export interface KycUpload {
  fields: Record<string, string>;
  files: AcceptedFile[];
}

/** Anything a form of ours sends besides files is a handful of short fields. */
const FIELD_LIMITS = { fields: 10, fieldSize: 4096, fieldNameSize: 100, headerPairs: 50 };

/**
 * Reads the KYC form's multipart body as it streams in, with the broker's limits applied by the parser itself
 * (busboy): a file beyond `maxFileBytes` is cut off, a file beyond `maxFiles` ends the parse — nothing bigger is
 * ever buffered or written. The CSRF token (a field placed before the file input) is verified before the first
 * file byte is stored. Every file is recognised by its first bytes; anything refused is deleted before the
 * error is reported, so a refused upload leaves nothing on disk.
 */
@Injectable()
export class KycUploadReader {
  constructor(private readonly store: KycDocumentStore) {}

  async read(request: FastifyRequest, brokerName: string, kyc: KycConfig, verifyCsrf: (fields: Record<string, string>) => Promise<void>): Promise<KycUpload> {
    if (!request.isMultipart()) throw new KycUploadRefused(415, 'kyc.errors.notMultipart');
    const fields = Object.create(null) as Record<string, string>;
    const files: AcceptedFile[] = [];
    const written: string[] = [];
    let csrfVerified = false;
    const ensureCsrf = async () => {
      if (!csrfVerified) await verifyCsrf({ ...fields });
      csrfVerified = true;
    };
    try {
      const parts = request.parts({
        // The plugin's default throwFileSizeLimit (true) reports a cut-off file; we also check `truncated`.
        limits: { ...FIELD_LIMITS, fileSize: kyc.maxFileBytes, files: kyc.maxFiles, parts: kyc.maxFiles + FIELD_LIMITS.fields },
      });
      for await (const part of parts) {
        if (part.type === 'field') {
          // A repeated field keeps its first value; only strings (a JSON-typed part is not something our form sends).
          if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
          continue;
        }
        await ensureCsrf();
        if (part.fieldname !== KYC_FILE_FIELD) {
          part.file.resume();
          continue;
        }
        const stored = await this.store.write(brokerName, kyc, part.file);
        written.push(stored.storedName);
        if (part.file.truncated) throw new KycUploadRefused(413, 'kyc.errors.fileTooLarge', { size: formatBytes(kyc.maxFileBytes) });
        // A browser sends an empty part for a file input left empty.
        if (stored.sizeBytes === 0) {
          if (part.filename) throw new KycUploadRefused(422, 'kyc.errors.emptyFile');
          await this.store.remove(brokerName, kyc, stored.storedName);
          written.pop();
          continue;
        }
        const fileType = sniffKycFileType(stored.head);
        if (!fileType || !kyc.fileTypes.includes(fileType)) throw new KycUploadRefused(415, 'kyc.errors.fileType', { types: describeTypes(kyc.fileTypes) });
        files.push({ storedName: stored.storedName, originalName: displayName(part.filename), fileType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 });
      }
      await ensureCsrf();
      return { fields: { ...fields }, files };
    } catch (e) {
      await Promise.all(written.map((name) => this.store.remove(brokerName, kyc, name).catch(() => undefined)));
      throw refusalOf(e, kyc);
    }
  }
}

/** Maps the multipart plugin's and busboy's errors to refusals; anything else (CSRF, I/O) passes unchanged. */
function refusalOf(e: unknown, kyc: KycConfig): unknown {
  if (e instanceof KycUploadRefused) return e;
  const code = (e as { code?: string })?.code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return new KycUploadRefused(413, 'kyc.errors.tooManyFiles', { max: kyc.maxFiles });
    case 'FST_REQ_FILE_TOO_LARGE':
      return new KycUploadRefused(413, 'kyc.errors.fileTooLarge', { size: formatBytes(kyc.maxFileBytes) });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new KycUploadRefused(413, 'kyc.errors.tooManyParts');
  }
  if (typeof code === 'string' && code.startsWith('FST_')) return new KycUploadRefused(400, 'kyc.errors.malformed');
  // busboy's own parse errors (bad boundary, malformed headers, truncated body) are plain Errors.
  if (
    e instanceof Error &&
    !(e as { status?: number }).status &&
    !(e as { getStatus?: unknown }).getStatus &&
    /multipart|boundary|part|form/i.test(e.message)
  ) {
    return new KycUploadRefused(400, 'kyc.errors.malformed');
  }
  return e;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

export function describeTypes(types: readonly KycFileType[]): string {
  return types.map((t) => t.toUpperCase()).join(', ');
}

export function describeSize(n: number): string {
  return formatBytes(n);
}

/** The uploader's file name for display: no path, no control or bidi-override characters, bounded. */
function displayName(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  // Control and bidi-override characters are exactly what this strips.
  /* eslint-disable no-control-regex */
  const clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  /* eslint-enable no-control-regex */
  return (clean || 'document').slice(0, 200);
}

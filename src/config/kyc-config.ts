import { NumberFromText } from './from-env-text';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** The document formats we can recognise by their first bytes (see KycFileSniffer); nothing else is accepted. */
export const KYC_FILE_TYPES = ['pdf', 'jpeg', 'png', 'webp'] as const;
export type KycFileType = (typeof KYC_FILE_TYPES)[number];

const MiB = 1024 * 1024;

/**
 * KYC document upload of one broker (module inappActions, screen /inapp/kyc). Limits are enforced while the
 * multipart body streams in: a file over `maxFileBytes` is cut off and refused, a part beyond `maxFiles` ends
 * the parse. Files are stored under `storageDir/<brokerName>/` with random names and are never served by URL.
 */
export class KycConfig {
  /** Where documents are written (created if missing). Default: `<dataDir>/kyc`, filled in by the loader (dataDir: DATA_DIR or ./data). */
  @IsOptional() @IsString() @MinLength(1) storageDir: string;
  /** Per file, in bytes (default 10 MiB; at most 50 MiB). */
  @NumberFromText() @IsInt() @Min(1024) @Max(50 * MiB) maxFileBytes = 10 * MiB;
  /** Files per submission (default 3). */
  @NumberFromText() @IsInt() @Min(1) @Max(20) maxFiles = 3;
  /** Accepted formats, checked against the file's content (magic bytes), never its declared type or name. */
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(KYC_FILE_TYPES, { each: true }) fileTypes: KycFileType[] = ['pdf', 'jpeg', 'png'];
  /** The document types a trader picks from (translated on the screen when the key is known, else shown as is). */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, { each: true })
  documentTypes: string[] = ['passport', 'idCard', 'drivingLicence', 'proofOfAddress'];
}

import type { KycFileType } from '../../../../config/kyc-config';

/**
 * Recognises a document's format from its first bytes (the "magic numbers" of each format's specification),
 * never from the declared Content-Type or the file name, which the client chooses freely.
 *
 * Why not the `file-type` package: it is ESM-only (this project compiles to CommonJS and tests run in Jest
 * without VM modules) and it recognises hundreds of formats when we accept four; the four signatures below
 * are fixed by their specifications and unit-tested.
 */
export const KYC_SNIFF_BYTES = 16;

const MEDIA_TYPES: Record<KycFileType, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export function mediaTypeOf(type: KycFileType): string {
  return MEDIA_TYPES[type];
}

const startsWith = (head: Buffer, bytes: number[], offset = 0) => head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

export function sniffKycFileType(head: Buffer): KycFileType | undefined {
  // PDF 1.7 / ISO 32000-1 §7.5.2: the file begins with "%PDF-".
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  // JPEG (ITU T.81): SOI marker FF D8 followed by another marker's FF.
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  // PNG (RFC 2083 §3.1): the fixed 8-byte signature.
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // WebP (RFC 9649 §2): "RIFF" <size> "WEBP".
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return undefined;
}

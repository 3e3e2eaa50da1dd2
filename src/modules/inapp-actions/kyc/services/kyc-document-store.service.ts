import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { KycConfig } from '../../../../config/kyc-config';
import { KYC_SNIFF_BYTES } from '../domain/kyc-file-sniffer';

export interface StoredFile {
  storedName: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes, for format recognition. */
  head: Buffer;
}

const STORED_NAME = /^[0-9a-f]{32}$/;

/**
 * KYC files on disk: `<storageDir>/broker-<brokerName>/<32 random hex>`. Random names (never the uploader's),
 * no extension, owner-only permissions, created exclusively (`wx`): nothing an uploader sends can choose a path,
 * overwrite a file or make the file executable or servable. The directory is not under any static route: the
 * only way out is the audited admin download.
 */
@Injectable()
export class KycDocumentStore {
  directoryOf(brokerName: string, kyc: KycConfig): string {
    // A prefix, because brokerName may legally be "." or "..".
    return join(resolve(kyc.storageDir), `broker-${brokerName}`);
  }

  /** Streams `source` to a new random file; the caller checks size/format and removes what it refuses. */
  async write(brokerName: string, kyc: KycConfig, source: Readable): Promise<StoredFile> {
    const dir = this.directoryOf(brokerName, kyc);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const storedName = randomBytes(16).toString('hex');
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let sizeBytes = 0;
    const observe = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        if (head.length < KYC_SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, KYC_SNIFF_BYTES - head.length)]);
        done(null, chunk);
      },
    });
    const handle = await open(join(dir, storedName), 'wx', 0o600);
    try {
      await pipeline(source, observe, handle.createWriteStream());
    } catch (e) {
      await this.remove(brokerName, kyc, storedName);
      throw e;
    } finally {
      await handle.close().catch(() => undefined);
    }
    return { storedName, sizeBytes, sha256: hash.digest('hex'), head };
  }

  read(brokerName: string, kyc: KycConfig, storedName: string): ReadStream {
    if (!STORED_NAME.test(storedName)) throw new Error('not a stored KYC file name');
    return createReadStream(join(this.directoryOf(brokerName, kyc), storedName));
  }

  async remove(brokerName: string, kyc: KycConfig, storedName: string): Promise<void> {
    if (!STORED_NAME.test(storedName)) return;
    await rm(join(this.directoryOf(brokerName, kyc), storedName), { force: true });
  }
}

import { sniffKycFileType } from './kyc-file-sniffer';

describe('sniffKycFileType', () => {
  it('recognises the four formats by content', () => {
    expect(sniffKycFileType(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toBe('pdf');
    expect(sniffKycFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe('jpeg');
    expect(sniffKycFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('png');
    expect(sniffKycFileType(Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]))).toBe('webp');
  });

  it('refuses everything else, including look-alikes and truncated signatures', () => {
    for (const head of [
      Buffer.from('MZ\x90\x00'), // a Windows executable
      Buffer.from('<html><script>'),
      Buffer.from('GIF89a'),
      Buffer.from('PK\x03\x04'), // zip / docx
      Buffer.from(' %PDF-1.7'), // not at the start
      Buffer.from([0x89, 0x50, 0x4e, 0x47]), // truncated PNG signature
      Buffer.from('RIFF\0\0\0\0WAVE'),
      Buffer.alloc(0),
    ]) {
      expect(sniffKycFileType(head)).toBeUndefined();
    }
  });
});

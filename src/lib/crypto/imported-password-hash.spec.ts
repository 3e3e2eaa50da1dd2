import { hash as argon2Hash, Algorithm } from '@node-rs/argon2';
import { hashSync as bcryptHash } from 'bcryptjs';
import { createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { importedHashScheme, importedPasswordHash, isImportedPasswordHash, verifyImportedPasswordHash } from './imported-password-hash';
import { hashPasswordSync } from './password-hash';

const PASSWORD = 'correct horse';
const ab64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');

function stored(scheme: string, hash: string): string {
  const r = importedPasswordHash(scheme, hash);
  if (!('stored' in r)) throw new Error(r.problem);
  return r.stored;
}

describe('imported password hashes', () => {
  // Published examples from passlib's documentation: hashes written by another system, not by our own understanding of it.
  it.each([
    ['pbkdf2-sha256', 'password', '$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M'],
    ['pbkdf2-sha256', 'toomanysecrets', '$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk'],
    ['scrypt', 'password', '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E'],
    ['scrypt', 'password', '$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ'],
  ])('verifies the published passlib %s example', async (scheme, password, hash) => {
    const s = stored(scheme, hash);
    await expect(verifyImportedPasswordHash(password, s)).resolves.toBe(true);
    await expect(verifyImportedPasswordHash(`${password}x`, s)).resolves.toBe(false);
  });

  it('verifies every scheme and every accepted encoding, and refuses the wrong password', async () => {
    const salt = randomBytes(16);
    const hashes: Array<[string, string]> = [
      ['bcrypt', bcryptHash(PASSWORD, 4)],
      ['bcrypt', bcryptHash(PASSWORD, 4).replace(/^\$2b\$/, '$2a$')],
      ['bcrypt', bcryptHash(PASSWORD, 4).replace(/^\$2b\$/, '$2y$')],
      ['argon2id', await argon2Hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2 })],
      ['pbkdf2-sha256', `pbkdf2_sha256$2000$saltysalt$${pbkdf2Sync(PASSWORD, 'saltysalt', 2000, 32, 'sha256').toString('base64')}`],
      ['pbkdf2-sha256', `$pbkdf2-sha256$2000$${ab64(salt)}$${ab64(pbkdf2Sync(PASSWORD, salt, 2000, 32, 'sha256'))}`],
      ['scrypt', hashPasswordSync(PASSWORD)],
      ['scrypt', `$scrypt$ln=10,r=8,p=1$${ab64(salt)}$${ab64(scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }))}`],
      ['md5', createHash('md5').update(PASSWORD).digest('hex')],
      ['sha1', createHash('sha1').update(PASSWORD).digest('hex').toUpperCase()],
    ];
    for (const [scheme, hash] of hashes) {
      const s = stored(scheme, hash);
      expect(isImportedPasswordHash(s)).toBe(true);
      expect(importedHashScheme(s)).toBe(scheme);
      await expect(verifyImportedPasswordHash(PASSWORD, s)).resolves.toBe(true);
      await expect(verifyImportedPasswordHash(`${PASSWORD}!`, s)).resolves.toBe(false);
    }
  });

  it('refuses a hash declared under another scheme (no smuggling)', async () => {
    const bcrypt = bcryptHash(PASSWORD, 4);
    const md5 = createHash('md5').update(PASSWORD).digest('hex');
    const argon2i = await argon2Hash(PASSWORD, { algorithm: Algorithm.Argon2i, memoryCost: 4096, timeCost: 2 });
    expect(importedPasswordHash('md5', bcrypt)).toHaveProperty('problem');
    expect(importedPasswordHash('argon2id', bcrypt)).toHaveProperty('problem');
    expect(importedPasswordHash('argon2id', argon2i)).toHaveProperty('problem');
    expect(importedPasswordHash('bcrypt', `import$md5$${md5}`)).toHaveProperty('problem');
    expect(importedPasswordHash('sha1', hashPasswordSync(PASSWORD))).toHaveProperty('problem');
    expect(importedPasswordHash('bcrypt', `${bcrypt}\n`)).toHaveProperty('problem');
    expect(importedPasswordHash('plaintext', PASSWORD)).toHaveProperty('problem');
    // A stored value whose declared scheme does not match its content verifies nothing.
    await expect(verifyImportedPasswordHash(PASSWORD, `import$md5$${bcrypt}`)).resolves.toBe(false);
    await expect(verifyImportedPasswordHash(PASSWORD, `import$plaintext$${PASSWORD}`)).resolves.toBe(false);
  });

  it('refuses cost parameters that would make each login a CPU or memory bomb, or trivially cheap', () => {
    const salt = ab64(randomBytes(16));
    const key = ab64(randomBytes(32));
    expect(importedPasswordHash('scrypt', `scrypt$2$1$1$${salt}$${key}`)).toHaveProperty('problem');
    expect(importedPasswordHash('scrypt', `$scrypt$ln=20,r=8,p=1$${salt}$${key}`)).toHaveProperty('problem');
    expect(importedPasswordHash('pbkdf2-sha256', `pbkdf2_sha256$99999999$salt$${randomBytes(32).toString('base64')}`)).toHaveProperty('problem');
    expect(importedPasswordHash('pbkdf2-sha256', `pbkdf2_sha256$10$salt$${randomBytes(32).toString('base64')}`)).toHaveProperty('problem');
    expect(importedPasswordHash('bcrypt', bcryptHash(PASSWORD, 4).replace(/^\$2b\$04\$/, '$2b$31$'))).toHaveProperty('problem');
    expect(
      importedPasswordHash('argon2id', `$argon2id$v=19$m=9999999,t=1,p=1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`),
    ).toHaveProperty('problem');
  });
});

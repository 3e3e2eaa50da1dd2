import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';

/**
 * The signup code the server emailed to `email` (flows §2.3 "Email ownership"), read where a trader's mailbox
 * would get it from: the newest `sso.signupCode` message in the outbox table.
 */
export async function signupCodeFor(app: INestApplication, brokerName: string, email: string): Promise<string> {
  const [message] = await app
    .get(DataSource)
    .getRepository(EmailMessage)
    .find({ where: { brokerName, toAddress: email, template: 'sso.signupCode' }, order: { id: 'DESC' }, take: 1 });
  if (!message) throw new Error(`no signup code was emailed to ${email}`);
  return codeInText(message.textBody);
}

/** The code in a signup-code email's text (it stands on a line of its own). */
export function codeInText(text: string): string {
  const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
  if (!code) throw new Error('no signup code in this email');
  return code;
}

/**
 * On the code screen that follows the signup form: types the emailed code and confirms. The code comes from the
 * outbox table, or from `code` (e.g. an SMTP sink's copy).
 */
export async function enterSignupCode(page: Page, app: INestApplication, brokerName: string, email: string, code?: () => Promise<string>): Promise<void> {
  await page.waitForSelector('#code');
  await page.fill('#code', code ? await code() : await signupCodeFor(app, brokerName, email));
  await page.click('#verify-code');
}

import { parse as parseForm } from 'node:querystring';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The request bodies the server parses, registered by create-app before Nest's defaults would be (issue #17):
 *
 * - `application/json`, with an empty body read as no body. Spotware's examples send the header on every call,
 *   also on 4.5 (`POST /oauth2/logout`), which has none; Fastify's default answered that 400. A route that needs
 *   fields then answers its own 400 MISSING_REQUIRED_PARAMETER, as without the header.
 * - `application/x-www-form-urlencoded`, as Nest registers it (screens post forms; FormBodyGuard keeps API
 *   routes JSON-only). Node's parser: same result as Nest's fast-querystring (null-prototype object, repeated
 *   names as arrays, `+` as space).
 * - No `text/plain`: Fastify parses it by default, and a string body then failed DTO validation as 400
 *   MISSING_REQUIRED_PARAMETER where the README promises 415 UNSUPPORTED_MEDIA_TYPE. Without a parser Fastify
 *   answers FST_ERR_CTP_INVALID_MEDIA_TYPE, which the contract filter maps to 415.
 *
 * - `text/csv` and `application/x-ndjson` (the trader import, issue #21): not parsed at all — the route gets the
 *   request stream and reads it line by line, counting bytes against config userImport.maxBytes itself.
 *
 * Registering through `useBodyParser` tells Nest the parsers are set, so its own (same types) are skipped.
 */
export function registerBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const json = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    // Fastify's default JSON parser calls `done`; its return value carries nothing we need.
    void json(request as never, body as unknown as string, done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => done(null, parseForm(body.toString())));
  fastify.addContentTypeParser(STREAMED_BODY_TYPES, (_request, payload, done) => done(null, payload));
}

/** Bodies handed to their route as a stream (the trader import's CSV and JSONL). */
export const STREAMED_BODY_TYPES = ['text/csv', 'application/x-ndjson'];

import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { RequestHandler } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { nestsDeeperThan } from './json-depth';

export interface JsonBodyOptions {
  /** Most bytes of (decoded) body read; past it the request is a 413 payload_too_large. */
  limit: number;
  /** Deepest nesting of objects and arrays accepted (server.json_max_depth). */
  maxDepth: number;
}

const NOT_JSON = 'request body is not valid JSON';
const BAD_ENCODING = 'request body encoding is not supported';

/** What type-is calls hasBody: a body is announced by transfer-encoding or a content-length. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && !Number.isNaN(Number(req.headers['content-length'])));
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `request body is larger than the limit of ${limit} bytes`);
}

function decodedStream(req: IncomingMessage): Readable | undefined {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      return undefined;
  }
}

function charsetIsUtf8(req: IncomingMessage): boolean {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(req.headers['content-type'] ?? ''));
  return !match || /^utf-?8$/i.test(match[1] ?? '');
}

/** Reads the whole body up to `limit` bytes; rejects with payload_too_large past it. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const stream = decodedStream(req);
    if (!stream) {
      reject(new GatewayError('invalid_request', BAD_ENCODING));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: GatewayError | null): void => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      if (err) {
        // Stop reading: the rest of an oversized body is never buffered (the connection closes).
        if (stream !== req) req.unpipe();
        stream.pause();
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    // Plain listeners: finish() settles once, so none needs a once wrapper to be removed.
    stream.on('data', onData);
    stream.on('end', () => finish(null));
    stream.on('error', () => finish(new GatewayError('invalid_request', stream === req ? 'request body could not be read' : BAD_ENCODING)));
    req.on('aborted', () => finish(new GatewayError('invalid_request', 'request body was not received completely')));
  });
}

/** The parsed body: objects and arrays only (as body-parser's strict mode), nesting at most maxDepth. */
export function parseJsonText(text: string, maxDepth: number): unknown {
  if (text.length === 0) return {};
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new GatewayError('invalid_request', NOT_JSON);
  if (nestsDeeperThan(text, maxDepth)) {
    throw new GatewayError('invalid_request', `request body nests deeper than ${maxDepth} levels (server.json_max_depth)`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError('invalid_request', NOT_JSON, { cause: err });
  }
}

/**
 * Parses any request body as JSON (whatever its content-type, as the API's clients are not always
 * careful with it) into req.body: read up to `limit` bytes, nesting checked over the raw text, then
 * JSON.parse once. A request without a body keeps req.body undefined; an empty body is `{}`.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    if (!charsetIsUtf8(req)) {
      next(new GatewayError('invalid_request', BAD_ENCODING));
      return;
    }
    readBody(req, options.limit).then(
      (bytes) => {
        try {
          req.body = parseJsonText(bytes.toString('utf8'), options.maxDepth);
        } catch (err) {
          next(err);
          return;
        }
        next();
      },
      (err: GatewayError) => {
        // A body left half read cannot be followed by another request on this connection.
        if (err.code === 'payload_too_large') res.setHeader('connection', 'close');
        next(err);
      },
    );
  };
}

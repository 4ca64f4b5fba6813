import { Readable } from 'node:stream';

/** A body being read: bytes as they come, and a way to stop the transfer. */
export interface ReadableBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

export interface LimitedRead {
  bytes: Buffer;
  /** The body was longer than the limit: `bytes` holds its first `limit` bytes and the rest was never read. */
  over: boolean;
}

/** The error an async iterator gives for a stream that closed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * readLimited over a Node stream's own events: what its async iterator yields and throws (every
 * chunk, the stream's error, a close before the end), without the iterator and the end-of-stream
 * watcher it builds for each body.
 */
function readStream(body: Readable, limit: number): Promise<LimitedRead> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let settled = false;
    // The listeners stay: once settled they do nothing, and an 'error' after the end finds one.
    body.on('data', (piece: Buffer | string) => {
      if (settled) return;
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      if (size + chunk.length > limit) {
        settled = true;
        parts.push(chunk.subarray(0, limit - size));
        body.destroy();
        resolve({ bytes: Buffer.concat(parts, limit), over: true });
        return;
      }
      parts.push(chunk);
      size += chunk.length;
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ bytes: joined(parts, size), over: false });
    });
    body.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
    body.on('close', () => {
      if (settled) return;
      settled = true;
      reject(prematureClose());
    });
  });
}

/** The chunks as one Buffer: the only chunk as it is (most answers come in one), else a copy of all. */
function joined(parts: Buffer[], size: number): Buffer {
  return parts.length === 1 && parts[0]!.length === size ? parts[0]! : Buffer.concat(parts, size);
}

/**
 * Reads a body up to `limit` bytes. Past it the transfer is stopped (the connection is dropped
 * rather than drained), so an answer of any size costs at most `limit` bytes of memory. Not an
 * async function: the promise of a stream's read is returned as it is, not wrapped in another.
 */
export function readLimited(body: ReadableBody, limit: number, declaredLength?: number): Promise<LimitedRead> {
  if (declaredLength !== undefined && declaredLength > limit) {
    body.destroy();
    return Promise.resolve({ bytes: Buffer.alloc(0), over: true });
  }
  // A stream not yet ended nor destroyed is read through its events; anything else as an iterable.
  if (body instanceof Readable && !body.destroyed && !body.readableEnded && body.readableObjectMode === false) return readStream(body, limit);
  return readIterable(body, limit);
}

async function readIterable(body: ReadableBody, limit: number): Promise<LimitedRead> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of body) {
    const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    if (size + chunk.length > limit) {
      parts.push(chunk.subarray(0, limit - size));
      body.destroy();
      return { bytes: Buffer.concat(parts, limit), over: true };
    }
    parts.push(chunk);
    size += chunk.length;
  }
  return { bytes: joined(parts, size), over: false };
}

/** A byte count as people read a size limit: "32 MB", "64 KB", "100 bytes". */
export function formatByteSize(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** The declared content-length of an answer, when it gives a sane one. */
export function declaredLength(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

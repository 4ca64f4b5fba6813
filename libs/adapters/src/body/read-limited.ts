/** A body being read: bytes as they come, and a way to stop the transfer. */
export interface ReadableBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

export interface LimitedRead {
  bytes: Buffer;
  /** The body was longer than the limit: `bytes` holds its first `limit` bytes and the rest was never read. */
  over: boolean;
}

/**
 * Reads a body up to `limit` bytes. Past it the transfer is stopped (the connection is dropped
 * rather than drained), so an answer of any size costs at most `limit` bytes of memory.
 */
export async function readLimited(body: ReadableBody, limit: number, declaredLength?: number): Promise<LimitedRead> {
  if (declaredLength !== undefined && declaredLength > limit) {
    body.destroy();
    return { bytes: Buffer.alloc(0), over: true };
  }
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
  return { bytes: Buffer.concat(parts, size), over: false };
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

import type { Readable } from 'node:stream';
import { GatewayError } from '@aigw/shared-errors';

/**
 * Waits until the upstream's stream has its first body byte buffered, without reading it (the
 * relay reads it as any other), or fails: no byte within `timeoutMs` (`routing.first_byte_timeout`:
 * the body is destroyed, the upstream request with it), the stream ending empty, or its error.
 * Until this resolves nothing has been sent to the client, so a failure may go to a fallback.
 */
export function awaitFirstByte(body: Readable, timeoutMs: number, provider: string): Promise<void> {
  if (body.readableLength > 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      body.off('readable', onReadable);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      if (err === undefined) return resolve();
      // Destroying emits the abort as an 'error': nobody reads the body any more, so it is dropped.
      body.on('error', () => undefined);
      body.destroy();
      reject(err);
    };
    const onReadable = (): void => {
      if (body.readableLength > 0) finish();
      // Nothing buffered: at the end of the stream this read() makes 'end' fire; else it is a no-op.
      else body.read();
    };
    const onEnd = (): void => finish(new GatewayError('upstream_error', `upstream ${provider} ended its stream before sending a byte`));
    const onError = (err: Error): void => finish(err);
    const onClose = (): void => finish(new GatewayError('upstream_error', `upstream ${provider} closed its stream before sending a byte`));
    const timer = setTimeout(
      () => finish(new GatewayError('upstream_timeout', `upstream ${provider} sent no byte of its stream within routing.first_byte_timeout (${timeoutMs} ms)`)),
      timeoutMs,
    );
    body.on('readable', onReadable);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
  });
}

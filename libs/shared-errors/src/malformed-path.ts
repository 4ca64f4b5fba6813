import { GatewayError } from './gateway-error';

/** A request path whose %XX sequences do not decode (Express throws URIError decoding such a parameter). */
export function malformedPathError(cause?: unknown): GatewayError {
  return new GatewayError('invalid_request', 'the request path has a malformed percent-encoding', { cause });
}

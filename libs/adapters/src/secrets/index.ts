export { upstreamConnectionError } from './connection-error';
export { scrubKeys, type KnownKey } from './scrub-keys';
export { createStreamScrubber, scrubBytes, type StreamScrubber } from './stream-scrubber';

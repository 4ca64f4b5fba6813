export { scrubKeys, type KnownKey } from './scrub-keys';
export { createStreamScrubber, scrubBytes, type StreamScrubber } from './stream-scrubber';

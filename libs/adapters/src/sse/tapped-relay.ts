import type { StreamRelay } from '../types';
import type { SseTap } from './sse-tap';

/**
 * A relay that forwards the upstream's bytes unchanged while `tap` reads them; `readers` say what
 * the tap found (usage, output text, model).
 */
export function tappedRelay(tap: SseTap, readers: Pick<StreamRelay, 'usage' | 'outputText' | 'responseModel'>): StreamRelay {
  return {
    push(chunk) {
      tap.feed(chunk);
      return chunk;
    },
    end() {
      tap.flush();
      return '';
    },
    usage: () => readers.usage(),
    outputText: () => readers.outputText(),
    responseModel: () => readers.responseModel(),
  };
}

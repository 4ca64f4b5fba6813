import type { PolicyStage } from '../types';

/** The codec checks the envelope only; the request type of the row follows from it. */
export const envelopeStage: PolicyStage = {
  name: 'envelope',
  run(ctx) {
    const request = ctx.codec.parse(ctx.req.body);
    ctx.request = request;
    ctx.record.model = request.model;
    ctx.record.requestType = ctx.codec.requestType(request.stream);
  },
};

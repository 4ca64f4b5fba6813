import type { ChatCall } from './types';
import { createAnthropicAdapter } from './anthropic';
import { openAiAdapter } from './openai';

const call: ChatCall = {
  provider: { name: 'p', api_type: 'openai', base_url: 'https://x/v1', models_endpoint: null },
  upstreamModel: 'm',
  body: { model: 'm', messages: [] },
  stream: false,
  clientHeaders: {},
};

/** An answer is parsed once: the adapter hands on what it parsed, equal to the bytes the client gets. */
describe('ChatResult.json', () => {
  it('is the parsed OpenAI answer, and absent when the body is not JSON', () => {
    const answer = { id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] };
    const result = openAiAdapter.readChatResponse(Buffer.from(JSON.stringify(answer)), 'application/json', call);
    expect(result.json).toEqual(answer);
    expect(openAiAdapter.readChatResponse(Buffer.from('<html>'), 'text/html', call)).not.toHaveProperty('json');
  });

  it('is the completion an Anthropic Message was converted to', () => {
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } };
    const result = createAnthropicAdapter().readChatResponse(Buffer.from(JSON.stringify(message)), 'application/json', call);
    expect(result.json).toEqual(JSON.parse(result.body.toString()));
  });
});

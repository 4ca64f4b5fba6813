import { parseSseBody } from '../sse';
import { openAiAdapter } from '../openai';
import { anthropicAdapter } from './adapter';
import { anthropicErrorMessage } from './errors';

const provider = { name: 'claude', api_type: 'anthropic' as const, base_url: 'https://api.anthropic.com/', models_endpoint: null };

describe('anthropicAdapter', () => {
  it('ends a failed stream with the same OpenAI error event as the openai adapter', () => {
    const event = anthropicAdapter.streamErrorEvent('upstream claude failed: socket hang up');
    expect(event).toBe(openAiAdapter.streamErrorEvent('upstream claude failed: socket hang up'));
    expect(JSON.parse(parseSseBody(event)[0]?.data ?? '')).toMatchObject({ error: { message: 'upstream claude failed: socket hang up' } });
  });

  it('lists models at {base_url}/v1/models with the Anthropic headers', () => {
    expect(anthropicAdapter.modelsRequest(provider, 'sk-ant')).toEqual({
      url: 'https://api.anthropic.com/v1/models?limit=1000',
      headers: { 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    });
    expect(anthropicAdapter.modelsRequest({ ...provider, base_url: 'https://relay.example.com/v1' }, 'k')?.url).toBe('https://relay.example.com/v1/models?limit=1000');
  });

  it('reads model ids from data[].id', () => {
    const page = { data: [{ type: 'model', id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4' }, { type: 'model' }], has_more: false };
    expect(anthropicAdapter.readModelIds(page)).toEqual(['claude-sonnet-4-20250514']);
    expect(anthropicAdapter.readModelIds([{ id: 'x' }])).toEqual([]);
  });
});

describe('anthropicErrorMessage', () => {
  it('reads the type and message of an Anthropic error body', () => {
    const body = JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: field required' }, request_id: 'req_1' });
    expect(anthropicErrorMessage(body)).toBe('invalid_request_error: max_tokens: field required');
    expect(anthropicErrorMessage(Buffer.from('upstream down'))).toBeNull();
  });
});

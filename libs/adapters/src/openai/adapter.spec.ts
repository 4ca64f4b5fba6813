import { parseSseBody } from '../sse';
import { openAiAdapter } from './adapter';

const provider = { name: 'p', api_type: 'openai' as const, base_url: 'https://up.example.com/v1/', models_endpoint: null };

describe('openAiAdapter', () => {
  it('ends a stream with an OpenAI error event', () => {
    const event = openAiAdapter.streamErrorEvent('upstream p failed: socket hang up');
    expect(event.endsWith('\n\n')).toBe(true);
    const [parsed] = parseSseBody(event);
    expect(JSON.parse(parsed?.data ?? '')).toEqual({
      error: { message: 'upstream p failed: socket hang up', type: 'upstream_error', code: 'upstream_error', param: null },
    });
  });

  it('lists models at {base_url}/models by default, or at the configured endpoint', () => {
    expect(openAiAdapter.modelsRequest(provider, 'sk-1')).toEqual({
      url: 'https://up.example.com/v1/models',
      headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(openAiAdapter.modelsRequest({ ...provider, models_endpoint: '/v1/models?all=1' }, 'k')?.url).toBe('https://up.example.com/v1/v1/models?all=1');
  });

  it('reads model ids from data[].id', () => {
    const json = { object: 'list', data: [{ id: 'gpt-4o', object: 'model' }, { id: 'deepseek/deepseek-r1' }, { object: 'model' }] };
    expect(openAiAdapter.readModelIds(json)).toEqual(['gpt-4o', 'deepseek/deepseek-r1']);
    expect(openAiAdapter.readModelIds({ error: 'nope' })).toEqual([]);
    expect(openAiAdapter.readModelIds(null)).toEqual([]);
  });
});

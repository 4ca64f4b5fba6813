import { requestTypeFor } from './app';

describe('requestTypeFor', () => {
  it('names the endpoint, trailing slashes or not, and null for any other path', () => {
    expect(requestTypeFor('POST', '/v1/chat/completions')).toBe('chat');
    expect(requestTypeFor('POST', '/v1/chat/completions//')).toBe('chat');
    expect(requestTypeFor('GET', '/v1/models/')).toBe('models');
    expect(requestTypeFor('GET', '/v1/chat/completions')).toBeNull();
    expect(requestTypeFor('POST', '/v1/')).toBeNull();
    expect(requestTypeFor('POST', '/v1/nothing')).toBeNull();
  });
});

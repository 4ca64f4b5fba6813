import { startFailureMessage, StartupError } from './lifecycle';

describe('startFailureMessage', () => {
  it('prints a StartupError as one line without a stack', () => {
    const text = startFailureMessage('aigw', new StartupError('port 8080 (server.port) is in use'));
    expect(text).toBe('aigw failed to start: port 8080 (server.port) is in use\n');
  });

  it('keeps the stack of an unexpected error, for the bug report', () => {
    const text = startFailureMessage('aigw-proxy', new TypeError('boom'));
    expect(text).toMatch(/^aigw-proxy failed to start: TypeError: boom\n\s+at /);
  });
});

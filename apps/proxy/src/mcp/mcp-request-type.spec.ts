import { isInitialize, mcpRequestType } from './mcp-request-type';

describe('mcpRequestType', () => {
  it.each([
    ['initialize', 'mcp_initialize'],
    ['tools/list', 'mcp_list'],
    ['tools/call', 'mcp_call'],
    ['resources/read', 'mcp_resources'],
    ['resources/templates/list', 'mcp_resources'],
    ['prompts/get', 'mcp_prompts'],
    ['ping', 'mcp_other'],
  ])('%s is %s', (method, type) => {
    expect(mcpRequestType({ jsonrpc: '2.0', id: 1, method })).toBe(type);
  });

  it('a notification or a body that is no request is mcp_other; a batch takes its first request', () => {
    expect(mcpRequestType({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBe('mcp_other');
    expect(mcpRequestType('nonsense')).toBe('mcp_other');
    expect(mcpRequestType([{ jsonrpc: '2.0', method: 'notifications/x' }, { jsonrpc: '2.0', id: 2, method: 'tools/call' }])).toBe('mcp_call');
  });

  it('isInitialize finds an initialize request, alone or in a batch', () => {
    expect(isInitialize({ jsonrpc: '2.0', id: 1, method: 'initialize' })).toBe(true);
    expect(isInitialize([{ jsonrpc: '2.0', id: 1, method: 'initialize' }])).toBe(true);
    expect(isInitialize({ jsonrpc: '2.0', method: 'initialize' })).toBe(false);
    expect(isInitialize({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBe(false);
  });
});

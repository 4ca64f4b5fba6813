import { ApiError } from '../src/api/client';
import { fieldError, formError } from '../src/lib/form-error';

describe('where an API error is shown', () => {
  const onName = new ApiError(400, 'invalid_request', 'name: too long', 'name');
  const onKey = new ApiError(409, 'conflict', 'duplicate upstream keys', 'keys');
  const onItem = new ApiError(400, 'invalid_request', 'keys[1]: must not contain whitespace', 'keys[1]');
  const general = new ApiError(404, 'provider_not_found', 'provider "x" not found', null);

  it('puts a message under the field the API named', () => {
    expect(fieldError(onName, 'name')).toBe('name: too long');
    expect(fieldError(onItem, 'keys')).toBe('keys[1]: must not contain whitespace');
    expect(fieldError(onName, 'base_url')).toBeNull();
    expect(fieldError(general, 'name')).toBeNull();
  });

  it('puts everything no field claims next to the action', () => {
    expect(formError(onName, ['name', 'keys'])).toBeNull();
    expect(formError(onKey, ['name'])).toBe('duplicate upstream keys');
    expect(formError(general, ['name'])).toBe('provider "x" not found');
    expect(formError(new Error('offline'), [])).toBe('offline');
    expect(formError(null, [])).toBeNull();
  });
});

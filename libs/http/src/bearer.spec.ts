import { bearerToken } from './bearer';

describe('bearerToken', () => {
  it.each([
    ['Bearer sk-abc', 'sk-abc'],
    ['bearer sk-abc', 'sk-abc'],
    ['Bearer   sk-abc  ', 'sk-abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    ['sk-abc', undefined],
  ])('reads %j as %j', (header, token) => {
    expect(bearerToken({ authorization: header })).toBe(token);
  });

  it('is undefined without the header', () => {
    expect(bearerToken({})).toBeUndefined();
  });
});

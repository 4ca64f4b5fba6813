import { scrubSecrets } from './errors';

describe('scrubSecrets', () => {
  it('masks every secret and anything after Bearer', () => {
    expect(scrubSecrets('401 for token abcd1234 and Bearer xyz987', ['abcd1234'])).toBe('401 for token *** and Bearer ***');
  });

  it('leaves values too short to be credentials', () => {
    expect(scrubSecrets('a b c', ['a'])).toBe('a b c');
  });
});

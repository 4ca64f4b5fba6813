import { en } from '../src/i18n/en';
import { detectLang, translate } from '../src/i18n/i18n';
import { zh } from '../src/i18n/zh';

// Pictographic symbols (emoji) are not used anywhere in the console.
const EMOJI = /\p{Extended_Pictographic}/u;

describe('dictionaries', () => {
  it('have the same keys and the same placeholders in English and Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, names(zh[key])]).toEqual([key, names(en[key])]);
      expect(zh[key].trim()).not.toBe('');
    }
  });

  it('contain no emoji', () => {
    for (const text of [...Object.values(en), ...Object.values(zh)]) expect(text).not.toMatch(EMOJI);
  });

  it('name the navigation links as the pages', () => {
    expect([en['nav.overview'], en['nav.providers'], en['nav.prices'], en['nav.tokens'], en['nav.aliases'], en['nav.logs'], en['nav.adminLogs']]).toEqual([
      'Overview',
      'Providers',
      'Prices',
      'Tokens',
      'Aliases',
      'Logs',
      'Admin logs',
    ]);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'providers.created', { name: 'openai' })).toBe('Provider openai created.');
    expect(translate('zh', 'providers.created', { name: 'openai' })).toBe('已创建供应商 openai。');
    expect(translate('en', 'providers.created')).toBe('Provider {name} created.');
  });
});

describe('detectLang', () => {
  it('follows the browser: Chinese variants to zh, anything else to en', () => {
    expect(detectLang(['zh-CN', 'en'])).toBe('zh');
    expect(detectLang(['zh-TW'])).toBe('zh');
    expect(detectLang(['en-US', 'zh-CN'])).toBe('en');
    expect(detectLang(['fr'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });
});

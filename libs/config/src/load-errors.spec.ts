import { type ConfigError, loadConfig, parseConfig } from './load';
import { configError, removeTempDirs, writeConfig } from '../test/load-helpers';

afterAll(removeTempDirs);

describe('bad values stop with a ConfigError naming the key', () => {
  function loadToml(text: string): ConfigError {
    const path = writeConfig(text);
    const err = configError(() => loadConfig({ argv: ['--config', path], env: {} }));
    expect(err.message).toContain(path);
    return err;
  }

  it('server.port above 65535', () => {
    expect(loadToml('[server]\nport = 70000\n').message).toContain('server.port');
  });

  it('a logging.timezone that is not an IANA zone', () => {
    const err = loadToml('[logging]\ntimezone = "Mars/Base"\n');
    expect(err.message).toContain('logging.timezone');
  });

  it('an unknown key in a section', () => {
    const err = loadToml('[server]\nnope = 1\n');
    expect(err.message).toContain('server.nope');
    expect(err.message).toContain('unknown key');
  });

  it('an unknown section', () => {
    expect(loadToml('[servers]\nport = 1\n').message).toContain('servers');
  });

  it('a duration that is not one', () => {
    const err = loadToml('[server]\nupstream_timeout = "ten minutes"\n');
    expect(err.message).toContain('server.upstream_timeout');
    expect(err.message).toContain('ten minutes');
  });

  it('a size that is not one', () => {
    expect(loadToml('[server]\nbody_limit = "20 megs"\n').message).toContain('server.body_limit');
  });

  it('a database url of an unsupported kind', () => {
    expect(loadToml('[database]\nurl = "mysql://x"\n').message).toContain('database.url');
  });

  it('an empty alias target', () => {
    expect(loadToml('[aliases]\nfast = ""\n').message).toContain('aliases.fast');
  });

  it('names every bad key at once', () => {
    const err = loadToml('[server]\nport = 70000\n[logging]\nlevel = "loud"\n');
    expect(err.message).toContain('server.port');
    expect(err.message).toContain('logging.level');
  });
});

describe('parseConfig', () => {
  it('names the source in its message', () => {
    const err = configError(() => parseConfig({ billing: { currency: 'dollars' } }, 'test source'));
    expect(err.message).toContain('test source');
    expect(err.message).toContain('billing.currency');
  });
});

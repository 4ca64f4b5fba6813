import { ConfigError, loadConfig } from './load';
import type { AigwConfig } from './schema';

/** For a process's main: the config, or a message naming the bad key on stderr and exit code 2. */
export function loadConfigOrExit(appName: string): AigwConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${appName}: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

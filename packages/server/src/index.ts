// The server as a library: start it in-process (as the tests do), or build the app yourself.
export { type AppOptions, createApp } from './app.ts';
export { type Config, ConfigError, loadConfig } from './config.ts';
export {
  type RateLimitOptions,
  type RunningServer,
  type ServerOptions,
  startServer,
} from './server.ts';

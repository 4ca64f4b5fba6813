export { listen, type HttpServer, type ListenOptions, type ServerLimits } from './http-server';
export { exitOnSignal, exitOnStartFailure, startFailureMessage, StartupError } from './lifecycle';
export { jsonBody, type JsonBodyOptions } from './json-body';
export { nestsDeeperThan } from './json-depth';
export { apiResponseHeaders, rejectMalformedPath } from './api-guards';
export { middlewareChain } from './middleware-chain';
export { bearerToken } from './bearer';
export { metricsApp, metricsHandler, serviceRoutes, type MetricsRender, type ServiceRoutesOptions } from './service-routes';

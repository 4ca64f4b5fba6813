import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middlewares as one Express layer, run in turn as the router runs separate layers: a
 * handler's next() (or next('route')) goes on to the next one, next('router') and the end of the
 * chain go back to the router, and next(err), a throw or a rejected promise go to the router's
 * next(err) and so to its error middlewares. One layer instead of several spares the router's
 * matching and its closures per layer on every request. For plain middlewares only (not error
 * handlers, not path-mounted ones).
 */
export function middlewareChain(handlers: readonly RequestHandler[]): RequestHandler {
  const list = [...handlers];
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err === 'router') return done('router');
      if (err && err !== 'route') return done(err);
      if (index >= list.length) return done();
      run(list[index++]!, req, res, step, done);
    };
    step();
  };
}

function run(handler: RequestHandler, req: Request, res: Response, step: NextFunction, done: NextFunction): void {
  try {
    const ret: unknown = handler(req, res, step);
    if (ret && typeof (ret as Promise<unknown>).then === 'function') {
      (ret as Promise<unknown>).then(undefined, (err: unknown) => done(err || new Error('Rejected promise')));
    }
  } catch (err) {
    done(err);
  }
}

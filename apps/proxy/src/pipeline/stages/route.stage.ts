import { resolveModel } from '../../routing/resolve-model';
import { required, type PolicyStage } from '../types';

/** Resolve the route: alias, `provider/model` or a catalog id (see resolveModel). */
export const routeStage: PolicyStage = {
  name: 'route',
  run(ctx) {
    const request = required(ctx.request, 'the request', 'route');
    const route = resolveModel(request.model, ctx.state, ctx.deps.random);
    ctx.route = route;
    ctx.record.provider = route.entry.provider.name;
    ctx.record.upstreamModel = route.upstreamModel;
  },
};

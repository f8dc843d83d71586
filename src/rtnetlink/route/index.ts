// Routes (RTM_NEWROUTE/DELROUTE/GETROUTE): model, schema, view, requests, operations, bulk writes.
export type {
  Route, NextHop, RouteSpec, NextHopSpec, ResolvedRoute, RouteTypeInput, MetricName, RouteWrite, RouteListFilter, RouteGetOptions, RouteGetQuery,
} from './model.js';
export { routeSchema, routeAttributes, metricsPolicy } from './schema.js';
export { RouteView, scanRoutes } from './view.js';
export { routeRequest, dumpRoutesRequest, getRouteRequest } from './requests.js';
export { RouteOps, decodeRoute, decodeRouteAt, encodeRoute } from './operations.js';

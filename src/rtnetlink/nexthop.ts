// Nexthops moved to ./nexthop/ (model, schema, requests, operations); this path keeps its importers working.
export * from './nexthop/index.js';

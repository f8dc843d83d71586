// Namespace ids moved to ./nsid/ (model, schema, request, operations); this path keeps its importers working.
export * from './nsid/index.js';

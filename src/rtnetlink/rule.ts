// Rules moved to ./rule/ (model, schema, requests, operations); this path keeps its importers working.
export * from './rule/index.js';

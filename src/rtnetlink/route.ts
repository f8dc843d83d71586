// Routes moved to ./route/ (model, schema, view, requests, operations, bulk); this path keeps its importers working.
export * from './route/index.js';

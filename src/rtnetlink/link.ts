// Links moved to ./link/ (model, schema, requests, summary view, operations); this path keeps its importers working.
export * from './link/index.js';

// Addresses moved to ./address/ (model, schema, requests, operations); this path keeps its importers working.
export * from './address/index.js';

// Neighbours moved to ./neighbour/ (model, schema, requests, operations); this path keeps its importers working.
export * from './neighbour/index.js';

// Neighbours (RTM_NEWNEIGH/DELNEIGH/GETNEIGH, `ip neigh`): model, schema, requests, operations.
export type { Neighbour, NeighbourSpec, NeighbourWrite } from './model.js';
export { neighbourSchema, neighbourAttributes } from './schema.js';
export { neighbourRequest, dumpNeighboursRequest } from './requests.js';
export { NeighbourOps, decodeNeighbour, encodeNeighbour } from './operations.js';

// Addresses (RTM_NEWADDR/DELADDR/GETADDR): model, schema, requests, operations.
export type { Address, AddressOptions, AddressListFilter, AddressItem, Lifetime } from './model.js';
export { addressSchema, addressAttributes } from './schema.js';
export { ADDABLE_FLAGS, addressRequest, dumpAddressesRequest } from './requests.js';
export { AddressOps, decodeAddress, encodeAddress } from './operations.js';

// nft's JSON schema back into a transaction: the implementation lives in json-apply/ (one job per file).
export { type NftJsonApplyOptions, isNftJson, nftJsonToTransaction } from './json-apply/apply.js';

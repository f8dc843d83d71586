// CLI presentation of nftables listings: nft's JSON schema on one line, as `nft -j` prints it.
import type { NftJsonDocument } from '../../nfnetlink/nftables/nft-json.js';

export function formatNftJson(doc: NftJsonDocument): string {
  return JSON.stringify(doc) + '\n';
}

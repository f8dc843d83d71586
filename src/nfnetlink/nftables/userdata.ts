// The comment nft keeps in NFTA_RULE_USERDATA (and set/chain userdata): a type-length-value list whose
// type 0 is the comment, NUL-terminated (as observed in nft's requests and listings).
import { ValidationError } from '../../netlink/index.js';

const COMMENT = 0;

export function encodeComment(comment: string): string {
  const text = Buffer.from(comment + '\0', 'utf8');
  if (text.length > 255) throw new ValidationError('comment', `${text.length - 1} bytes is longer than nft's limit of 254`);
  return Buffer.concat([Buffer.from([COMMENT, text.length]), text]).toString('hex');
}

/** The comment in a userdata blob, if any. */
export function decodeComment(hex: string): string | undefined {
  const b = Buffer.from(hex, 'hex');
  for (let at = 0; at + 2 <= b.length; ) {
    const type = b[at]!;
    const len = b[at + 1]!;
    if (at + 2 + len > b.length) return undefined;
    if (type === COMMENT) {
      const v = b.subarray(at + 2, at + 2 + len);
      const nul = v.indexOf(0);
      return v.toString('utf8', 0, nul === -1 ? v.length : nul);
    }
    at += 2 + len;
  }
  return undefined;
}

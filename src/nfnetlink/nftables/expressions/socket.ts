// socket: load a property of the packet's socket (NFTA_SOCKET_KEY: enum nft_socket_keys) into a register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { SocketExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';

const A = { KEY: 1, DREG: 2, LEVEL: 3 } as const; // NFTA_SOCKET_KEY, _DREG, _LEVEL
const KEYS: ReadonlyArray<{ name: string; type: DataType }> = [
  { name: 'transparent', type: 'integer' }, { name: 'mark', type: 'mark' }, { name: 'wildcard', type: 'integer' }, { name: 'cgroupv2', type: 'integer' },
]; // NFT_SOCKET_TRANSPARENT, _MARK, _WILDCARD, _CGROUPV2

export const socket = defineExpression<SocketExpr>({
  name: 'socket',
  encode(e, w) {
    w.u32(A.KEY, e.key);
    w.u32(A.DREG, e.dreg);
    if (e.level !== undefined) w.u32(A.LEVEL, e.level);
  },
  decode(attrs) {
    const r = new ExprReader('socket', attrs, Object.values(A));
    const out: SocketExpr = { kind: 'socket', key: r.u32(A.KEY), dreg: r.u32(A.DREG) };
    if (r.has(A.LEVEL)) out.level = r.u32(A.LEVEL);
    return out;
  },
  render(e, ctx) {
    const k = KEYS[e.key] ?? { name: `key${e.key}`, type: 'hex' as DataType };
    const level = e.level !== undefined ? ` level ${e.level}` : '';
    ctx.load(e.dreg, { text: `socket ${k.name}${level}`, json: { socket: { key: k.name, ...(e.level !== undefined ? { level: e.level } : {}) } }, type: k.type, hostOrder: true });
  },
});

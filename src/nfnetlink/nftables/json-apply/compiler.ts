// One rule's statements of nft's JSON as expressions: the loads (meta, ct, payload with nft's dependencies,
// maps), the matches (compare, range, prefix, set lookup, flags) and the statements nft generates for them.
import { familyOf } from '../../../netlink/index.js';
import { AF_INET } from '../../../netlink/constants.js';
import { type Family, OBJECT_TYPES, NFT_DATA_VERDICT, NatRangeFlag, NfProto, SetFlag, LogFlag } from '../constants.js';
import type { CmpOp, Expression } from '../expressions/types.js';
import type { NftSet } from '../set.js';
import { META_KEYS } from '../expressions/meta.js';
import { CT_KEYS } from '../expressions/ct.js';
import { LIMIT_UNITS } from '../expressions/limit.js';
import { LOG_LEVELS } from '../expressions/log.js';
import { ICMP_CODES, ICMPV6_CODES, ICMPX_CODES } from '../expressions/reject.js';
import type { DataType } from '../render/datatypes.js';
import { type J, type Obj, R1, fail, hex, isObj, num, only, str, uint } from './common.js';
import { type ValueType, encodeValue } from './values.js';
import { type DependencyState, dependencies, fieldLoad } from './payload.js';
import { SET_TYPE_IDS } from '../render/set-types.js';
import { encodeElements } from './elements.js';
import { typeIdOf, hostOrderKey } from './set-types.js';
import type { NftJsonApplyOptions } from './apply.js';

/** A loaded value's type: how its constants are laid out. */
interface Lhs extends ValueType { exprs: Expression[]; payloadPrefix?: { base: 'network'; offset: number } }

/** An anonymous set a rule needs, with the byte order of its key (and data) for nft's set userdata. */
type AnonSet = Omit<NftSet, 'family' | 'table' | 'name' | 'id'> & { map?: boolean; keyHostOrder?: boolean; dataHostOrder?: boolean };

export class Compiler {
  /** The dependencies previous matches of the rule established (so tcp dport needs no second l4proto). */
  private readonly deps: DependencyState = {};
  constructor(readonly family: Family, readonly opts: NftJsonApplyOptions, readonly anonSet: (s: AnonSet) => { name: string; id: number }) {}

  /** A constant of `lhs`'s type as bytes. */
  value(lhs: ValueType, v: J, what = 'value'): Buffer {
    return encodeValue(lhs, v, what, this.opts.ifindex);
  }

  /** The expressions that load an expression's value into register 1. */
  lhs(j: J, data?: ValueType): Lhs {
    const [k, body] = only(j, 'expression');
    const b = isObj(body) ? body : {};
    if (k === 'meta') {
      const key = str(b.key, 'meta key');
      const info = META_KEYS[key] ?? fail('meta key', `'${key}' is not known`);
      return { exprs: [{ kind: 'meta', key, dreg: R1 }], type: info.type, len: info.len, hostOrder: info.hostOrder };
    }
    if (k === 'ct') {
      const key = str(b.key, 'ct key');
      let info = CT_KEYS[key] ?? fail('ct key', `'${key}' is not known`);
      if ((key === 'saddr' || key === 'daddr') && this.family === 'ip6') info = { ...info, type: 'ipv6_addr', len: 16 };
      const dir = b.dir === undefined ? undefined : str(b.dir, 'ct dir');
      if (dir !== undefined && dir !== 'original' && dir !== 'reply') fail('ct dir', `'${dir}'`);
      return { exprs: [{ kind: 'ct', key, dreg: R1, ...(dir ? { direction: dir as 'original' | 'reply' } : {}) }], type: info.type, len: info.len, hostOrder: info.hostOrder };
    }
    if (k === 'payload') {
      if (b.protocol === undefined) {
        const base = ({ ll: 'll', nh: 'network', th: 'transport', ih: 'inner' } as const)[str(b.base, 'payload base') as 'll'];
        if (!base) fail('payload base', String(b.base));
        const offset = num(b.offset, 'payload offset');
        const len = num(b.len, 'payload len');
        if (offset % 8 || len % 8) fail('payload', 'only byte-aligned raw payloads are supported');
        return { exprs: [{ kind: 'payload', base, offset: offset / 8, len: len / 8, dreg: R1 }], type: 'integer', len: len / 8, hostOrder: false };
      }
      const proto = str(b.protocol, 'payload protocol');
      const load = fieldLoad(proto, str(b.field, 'payload field'));
      const exprs = dependencies(this.family, proto, this.deps);
      if (load.field.icmpTypes) exprs.push(...this.icmpTypeDependency(proto, load.field.icmpTypes));
      exprs.push({ kind: 'payload', base: load.header.base, offset: load.offset, len: load.len, dreg: R1 });
      if (load.mask) exprs.push({ kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: load.len, mask: hex(load.mask), xor: hex(Buffer.alloc(load.len)) });
      const prefix = load.header.base === 'network' && !load.mask ? { payloadPrefix: { base: 'network' as const, offset: load.offset } } : {};
      return { exprs, type: load.field.type, len: load.len, hostOrder: false, ...(load.shift ? { shift: load.shift } : {}), ...prefix };
    }
    if (k === '&' && Array.isArray(body) && body.length === 2) {
      const inner = this.lhs(body[0]);
      const mask = this.value(inner, body[1], 'mask');
      return { ...inner, exprs: [...inner.exprs, { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: inner.len, mask: hex(mask), xor: hex(Buffer.alloc(inner.len)) }] };
    }
    if (k === 'map') {
      const key = this.lhs(b.key);
      const ref = this.setRef(b.data, key, data ?? 'verdict');
      const out = data ?? { type: 'hex' as DataType, len: 4, hostOrder: false };
      return { exprs: [...key.exprs, { kind: 'lookup', set: ref.name, sreg: R1, dreg: R1, ...(ref.id !== undefined ? { setId: ref.id } : {}) }], type: out.type, len: out.len, hostOrder: out.hostOrder };
    }
    return fail('expression', `'${k}' is not supported`);
  }

  /** icmp id, mtu, ...: nft first matches the message types the field belongs to (one: a compare, more: a set). */
  private icmpTypeDependency(proto: string, types: readonly number[]): Expression[] {
    const type = fieldLoad(proto, 'type');
    if (this.deps.icmpType !== undefined) return []; // the rule matches the type itself already
    const load: Expression = { kind: 'payload', base: 'transport', offset: 0, len: 1, dreg: R1 };
    // Two types (echo request and reply): a set of both; one, or the three MLD types: nft 1.0.6 compares with the first.
    if (types.length !== 2) {
      this.deps.icmpType = types[0]!;
      return [load, { kind: 'cmp', sreg: R1, op: 'eq', data: hex([types[0]!]) }];
    }
    const ref = this.anonSet({
      flags: SetFlag.ANONYMOUS | SetFlag.CONSTANT, keyType: SET_TYPE_IDS[type.field.type] ?? 4, keyLen: 1, size: types.length,
      elements: types.map((t) => ({ key: hex([t]) })),
    });
    return [load, { kind: 'lookup', set: ref.name, sreg: R1, setId: ref.id }];
  }

  /** "@name" or {"set": [...]} (an anonymous set created in the same transaction). */
  private setRef(j: J, key: Lhs, map: ValueType | 'verdict' | false): { name: string; id?: number } {
    if (typeof j === 'string') {
      if (!j.startsWith('@')) fail('set reference', `'${j}' (expected "@name")`);
      return { name: j.slice(1) };
    }
    const [k, body] = only(j, 'set');
    if (k !== 'set' || !Array.isArray(body)) return fail('set', `expected {"set": [...]}, got ${JSON.stringify(j)}`);
    const keyOf = (e: J): J => (Array.isArray(e) ? e[0] : e);
    const interval = body.some((e) => isObj(keyOf(e)) && ('prefix' in (keyOf(e) as Obj) || 'range' in (keyOf(e) as Obj)));
    const elements = encodeElements(body, key, interval, this, map || undefined);
    return this.anonSet({
      flags: SetFlag.ANONYMOUS | SetFlag.CONSTANT | (interval ? SetFlag.INTERVAL : 0) | (map ? SetFlag.MAP : 0),
      keyType: typeIdOf(key.type), keyLen: key.len,
      ...(map === 'verdict' ? { dataType: NFT_DATA_VERDICT, dataLen: 0 } : map ? { dataType: typeIdOf(map.type), dataLen: map.len } : {}),
      size: body.length, elements, map: map !== false, keyHostOrder: hostOrderKey(key),
      ...(map && map !== 'verdict' ? { dataHostOrder: map.hostOrder } : {}),
    });
  }

  match(m: Obj): Expression[] {
    const op = m.op === undefined ? '==' : str(m.op, 'match op');
    const left = this.lhs(m.left);
    const right = m.right;
    const l = isObj(m.left) && isObj(m.left.payload) ? m.left.payload : undefined;
    if (l && (l.protocol === 'icmp' || l.protocol === 'icmpv6') && l.field === 'type') this.deps.icmpType ??= -1;
    const out = [...left.exprs];
    if (typeof right === 'string' && right.startsWith('@') || (isObj(right) && 'set' in right)) {
      if (op !== '==' && op !== '!=' && op !== 'in') fail('match', `op '${op}' with a set`);
      const ref = this.setRef(right, left, false);
      out.push({ kind: 'lookup', set: ref.name, sreg: R1, ...(ref.id !== undefined ? { setId: ref.id } : {}), ...(op === '!=' ? { invert: true } : {}) });
      return out;
    }
    if (isObj(right) && 'prefix' in right) {
      const p = right.prefix as Obj;
      const addr = this.value(left, p.addr, 'prefix');
      const plen = num(p.len, 'prefix len');
      const cmpOp: CmpOp = op === '!=' ? 'neq' : 'eq';
      if (plen % 8 === 0 && left.payloadPrefix && out.at(-1)?.kind === 'payload') {
        const last = out.pop() as Extract<Expression, { kind: 'payload' }>;
        out.push({ ...last, len: plen / 8 }, { kind: 'cmp', sreg: R1, op: cmpOp, data: hex(addr.subarray(0, plen / 8)) });
        return out;
      }
      const mask = Buffer.alloc(addr.length);
      for (let bit = 0; bit < plen; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
      out.push({ kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: addr.length, mask: hex(mask), xor: hex(Buffer.alloc(addr.length)) },
        { kind: 'cmp', sreg: R1, op: cmpOp, data: hex(addr.map((x, i) => x & mask[i]!)) });
      return out;
    }
    if (isObj(right) && 'range' in right && Array.isArray(right.range)) {
      const [a, b] = right.range as [J, J];
      const be = { ...left, hostOrder: false };
      if (left.hostOrder) out.push({ kind: 'byteorder', sreg: R1, dreg: R1, op: 'hton', len: left.len, size: left.len });
      if (op === '!=') { out.push({ kind: 'range', sreg: R1, op: 'neq', from: hex(this.value(be, a)), to: hex(this.value(be, b)) }); return out; }
      out.push({ kind: 'cmp', sreg: R1, op: 'gte', data: hex(this.value(be, a)) }, { kind: 'cmp', sreg: R1, op: 'lte', data: hex(this.value(be, b)) });
      return out;
    }
    if (op === 'in' || ((left.type === 'ct_state' || left.type === 'ct_status') && Array.isArray(right))) {
      const mask = this.value(left, right, 'flags');
      // nft sends this bitwise without NFTA_BITWISE_OP (observed), unlike `meta mark & 0xff == 0x10`.
      out.push({ kind: 'bitwise', sreg: R1, dreg: R1, len: left.len, mask: hex(mask), xor: hex(Buffer.alloc(left.len)) },
        { kind: 'cmp', sreg: R1, op: 'neq', data: hex(Buffer.alloc(left.len)) });
      return out;
    }
    const ops: Readonly<Record<string, CmpOp>> = { '==': 'eq', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
    const cmpOp = ops[op] ?? fail('match op', `'${op}' is not supported`);
    const ordered = cmpOp !== 'eq' && cmpOp !== 'neq';
    if (ordered && left.hostOrder) out.push({ kind: 'byteorder', sreg: R1, dreg: R1, op: 'hton', len: left.len, size: left.len });
    out.push({ kind: 'cmp', sreg: R1, op: cmpOp, data: hex(this.value(ordered ? { ...left, hostOrder: false } : left, right)) });
    const last = left.exprs.at(-1);
    if (cmpOp === 'eq' && last?.kind === 'meta' && last.key === 'l4proto' && typeof right !== 'object') this.deps.l4 = this.value(left, right)[0];
    if (cmpOp === 'eq' && last?.kind === 'meta' && last.key === 'nfproto' && typeof right !== 'object') this.deps.nfproto = this.value(left, right)[0];
    if (cmpOp === 'eq' && typeof right !== 'object') {
      // What the rule establishes itself (`ether type ip`, `meta protocol ip6`, `meta iiftype ether`) is not repeated as a dependency.
      if (last?.kind === 'meta' && last.key === 'protocol') this.deps.etherType = this.value(left, right).readUInt16BE(0);
      if (last?.kind === 'payload' && last.base === 'll' && last.offset === 12 && last.len === 2) this.deps.etherType = this.value(left, right).readUInt16BE(0);
      if (last?.kind === 'meta' && last.key === 'iiftype') this.deps.iiftype = true;
      const lp = isObj(m.left) && isObj(m.left.payload) ? m.left.payload : undefined;
      if (lp && ((lp.protocol === 'ip' && lp.field === 'protocol') || (lp.protocol === 'ip6' && lp.field === 'nexthdr'))) this.deps.l4 = this.value(left, right)[0];
    }
    return out;
  }

  /** Loads a statement argument (a constant or an expression) into `reg`. */
  private source(v: J, type: { type: DataType; len: number; hostOrder: boolean }, reg: number): Expression[] {
    if (isObj(v)) {
      const l = this.lhs(v, type);
      if (reg === R1) return l.exprs;
      // A later argument (dnat's port map after its address map): the same loads, into its own register.
      const move = (r: number | undefined): number | undefined => (r === R1 ? reg : r);
      return l.exprs.map((e) => {
        const x = { ...e } as Expression & { sreg?: number; dreg?: number };
        if (x.sreg !== undefined) x.sreg = move(x.sreg)!;
        if (x.dreg !== undefined) x.dreg = move(x.dreg)!;
        return x;
      });
    }
    return [{ kind: 'immediate', dreg: reg, data: { value: hex(this.value(type, v)) } }];
  }

  private ports(v: J, firstReg: number): { exprs: Expression[]; min: number; max?: number } {
    const svc = { type: 'inet_service' as DataType, len: 2, hostOrder: false };
    if (isObj(v) && 'range' in v && Array.isArray(v.range)) {
      return { exprs: [...this.source(v.range[0], svc, firstReg), ...this.source(v.range[1], svc, firstReg + 1)], min: firstReg, max: firstReg + 1 };
    }
    return { exprs: this.source(v, svc, firstReg), min: firstReg };
  }

  private natFlags(v: J): number {
    if (v === undefined) return 0;
    const names = Array.isArray(v) ? v : [v];
    let f = 0;
    for (const n of names) {
      const x = ({ random: NatRangeFlag.PROTO_RANDOM, 'fully-random': NatRangeFlag.PROTO_RANDOM_FULLY, persistent: NatRangeFlag.PERSISTENT } as Record<string, number>)[str(n, 'nat flag')];
      if (x === undefined) fail('nat flag', `'${String(n)}'`);
      f |= x!;
    }
    return f;
  }

  /**
   * `ip dscp set X`, `tcp dport set X`...: a payload write with the checksum nft fixes up
   * (NFT_PAYLOAD_CSUM_INET at the header's checksum offset; the pseudo-header flag for addresses).
   */
  private payloadSet(key: Obj, value: J): Expression[] {
    const proto = str(key.protocol, 'payload protocol');
    const field = str(key.field, 'payload field');
    const CSUM_INET = 1; // NFT_PAYLOAD_CSUM_INET
    const L4CSUM_PSEUDOHDR = 1; // NFT_PAYLOAD_L4CSUM_PSEUDOHDR
    if (proto === 'ip' && field === 'dscp') {
      const dscp = this.value({ type: 'dscp', len: 1, hostOrder: false }, value, 'dscp');
      if (this.family === 'ip') return [
        { kind: 'payload', base: 'network', offset: 0, len: 2, dreg: R1 },
        { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: 2, mask: 'ff03', xor: hex([0, dscp[0]! << 2]) },
        { kind: 'payload', base: 'network', offset: 0, len: 2, sreg: R1, csumType: CSUM_INET, csumOffset: 10 },
      ];
    }
    if (key.protocol === undefined) fail('mangle', 'setting a raw payload is not supported');
    // Checksum offsets of the headers nft fixes up after a write (their `checksum` fields).
    const csum: Readonly<Record<string, number>> = { ip: 10, tcp: 16, udp: 6, icmp: 2, icmpv6: 2 };
    const at = csum[proto];
    const sum = at === undefined ? {} : { csumType: CSUM_INET, csumOffset: at };
    const load = fieldLoad(proto, field);
    if (!load.mask) {
      const l = this.lhs({ payload: key });
      const read = l.exprs.pop() as Extract<Expression, { kind: 'payload' }>;
      const { dreg: _d, ...write } = read;
      const addr = proto === 'ip' && (field === 'saddr' || field === 'daddr');
      return [...l.exprs, ...this.source(value, l, R1), { ...write, sreg: R1, ...sum, ...(addr && at !== undefined ? { csumFlags: L4CSUM_PSEUDOHDR } : {}) }];
    }
    // A field inside its bytes: read them, keep the other bits, put the value in, write them back. With a
    // checksum to fix, the window covers whole 16-bit words (the checksum is a sum of them).
    const deps = dependencies(this.family, proto, this.deps);
    let start = load.offset;
    let end = load.offset + load.len;
    if (at !== undefined) { start -= start % 2; end += (end - start) % 2; }
    const len = end - start;
    const shift = (end - load.offset - load.len) * 8 + load.shift;
    const bits = load.field.bits;
    const fieldMask = ((1n << BigInt(bits)) - 1n) << BigInt(shift);
    const all = (1n << BigInt(len * 8)) - 1n;
    const v = BigInt(`0x${this.value({ type: load.field.type, len: Math.ceil(bits / 8), hostOrder: false }, value, `${proto} ${field}`).toString('hex')}`);
    return [
      ...deps,
      { kind: 'payload', base: load.header.base, offset: start, len, dreg: R1 },
      { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len, mask: hex(uint(all & ~fieldMask, len, false)), xor: hex(uint((v << BigInt(shift)) & fieldMask, len, false)) },
      { kind: 'payload', base: load.header.base, offset: start, len, sreg: R1, ...sum },
    ];
  }

  /** `ct helper set udp dport map { 69 : "tftp-69" }`: an anonymous object map, and an objref looking it up. */
  private objectMap(objType: number, m: Obj): Expression[] {
    const key = this.lhs(m.key);
    const [k, list] = only(m.data, 'object map');
    if (k !== 'set' || !Array.isArray(list)) return fail('object map', `expected {"set": [...]}, got ${JSON.stringify(m.data)}`);
    const elements = list.map((e) => {
      if (!Array.isArray(e) || e.length !== 2) return fail('object map element', JSON.stringify(e));
      return { key: hex(this.value(key, e[0])), objref: str(e[1], 'object name') };
    });
    const ref = this.anonSet({
      flags: SetFlag.ANONYMOUS | SetFlag.CONSTANT | SetFlag.OBJECT, keyType: typeIdOf(key.type), keyLen: key.len, objType,
      size: elements.length, elements, keyHostOrder: hostOrderKey(key),
    });
    return [...key.exprs, { kind: 'objref', sreg: R1, set: ref.name, setId: ref.id }];
  }

  statement(s: J): Expression[] {
    const [k, body] = only(s, 'statement');
    const b: Obj = isObj(body) ? body : {};
    // A stateful object by name: {"quota": "q1"}, {"ct helper": "h1"}, ... (objref).
    const objType = (OBJECT_TYPES as Readonly<Record<string, number>>)[k];
    if (typeof body === 'string' && objType !== undefined) return [{ kind: 'objref', type: objType, name: body }];
    if (objType !== undefined && isObj(b.map)) return this.objectMap(objType, b.map);
    switch (k) {
      case 'match': return this.match(b);
      case 'accept': case 'drop': case 'continue': case 'return': return [{ kind: 'immediate', dreg: 0, data: { verdict: { code: k } } }];
      case 'jump': case 'goto': return [{ kind: 'immediate', dreg: 0, data: { verdict: { code: k, chain: str(b.target, `${k} target`) } } }];
      case 'counter':
        if (typeof body === 'string') return [{ kind: 'objref', type: OBJECT_TYPES.counter, name: body }];
      {
        // Values carried over only when there are some: nft sends a fresh counter without them.
        const packets = b.packets === undefined ? 0 : num(b.packets, 'counter packets');
        const bytes = b.bytes === undefined ? 0 : num(b.bytes, 'counter bytes');
        return [{ kind: 'counter', ...(packets || bytes ? { packets, bytes } : {}) }];
      }
      case 'notrack': return [{ kind: 'notrack' }];
      case 'mangle': {
        const [kk, kb] = only(b.key, 'mangle key');
        const key = isObj(kb) ? kb : {};
        if (kk === 'meta' || kk === 'ct') {
          const name = str(key.key, `${kk} key`);
          const info = (kk === 'meta' ? META_KEYS : CT_KEYS)[name] ?? fail(`${kk} key`, `'${name}'`);
          const dir = key.dir === 'original' || key.dir === 'reply' ? { direction: key.dir as 'original' | 'reply' } : {};
          return [...this.source(b.value, info, R1), kk === 'meta' ? { kind: 'meta', key: name, sreg: R1 } : { kind: 'ct', key: name, sreg: R1, ...dir }];
        }
        if (kk === 'payload') return this.payloadSet(key, b.value);
        return fail('mangle', `setting ${kk} is not supported`);
      }
      case 'masquerade': case 'redirect': {
        let flags = this.natFlags(b.flags);
        const exprs: Expression[] = [];
        let p: { min: number; max?: number } | undefined;
        if (b.port !== undefined) { const r = this.ports(b.port, R1); exprs.push(...r.exprs); p = r; flags |= NatRangeFlag.PROTO_SPECIFIED; }
        const regs = p ? { protoMin: p.min, ...(p.max !== undefined ? { protoMax: p.max } : {}) } : {};
        exprs.push(k === 'masquerade' ? { kind: 'masq', ...(flags ? { flags } : {}), ...regs } : { kind: 'redir', ...regs, ...(flags ? { flags } : {}) });
        return exprs;
      }
      case 'snat': case 'dnat': {
        const exprs: Expression[] = [];
        let flags = this.natFlags(b.flags);
        let fam = this.family === 'ip6' ? NfProto.IPV6 : NfProto.IPV4;
        if (b.family !== undefined) fam = str(b.family, 'nat family') === 'ip6' ? NfProto.IPV6 : NfProto.IPV4;
        const addrType = { type: (fam === NfProto.IPV6 ? 'ipv6_addr' : 'ipv4_addr') as DataType, len: fam === NfProto.IPV6 ? 16 : 4, hostOrder: false };
        let reg = R1;
        const out: { addrMin?: number; addrMax?: number; protoMin?: number; protoMax?: number } = {};
        if (b.addr !== undefined) {
          if (typeof b.addr === 'string') fam = familyOf(b.addr) === AF_INET ? NfProto.IPV4 : NfProto.IPV6;
          const t = { ...addrType, type: (fam === NfProto.IPV6 ? 'ipv6_addr' : 'ipv4_addr') as DataType, len: fam === NfProto.IPV6 ? 16 : 4 };
          if (isObj(b.addr) && 'range' in b.addr && Array.isArray(b.addr.range)) {
            exprs.push(...this.source(b.addr.range[0], t, reg), ...this.source(b.addr.range[1], t, reg + 1));
            out.addrMin = reg; out.addrMax = reg + 1; reg += 2;
          } else {
            exprs.push(...this.source(b.addr, t, reg));
            out.addrMin = reg; reg += 1;
          }
          if (!isObj(b.addr) || !('map' in b.addr)) flags |= NatRangeFlag.MAP_IPS;
        }
        if (b.port !== undefined) {
          const r = this.ports(b.port, reg);
          exprs.push(...r.exprs);
          out.protoMin = r.min;
          if (r.max !== undefined) out.protoMax = r.max;
          flags |= NatRangeFlag.PROTO_SPECIFIED;
        }
        // nft leaves MAP_IPS implicit for a plain address (the kernel sets it when NFTA_NAT_REG_ADDR_MIN is present).
        flags &= ~NatRangeFlag.MAP_IPS;
        exprs.push({ kind: 'nat', type: k, family: fam, ...out, ...(flags ? { flags } : {}) });
        return exprs;
      }
      case 'tproxy': {
        const exprs: Expression[] = [];
        const fam = b.family === undefined ? (this.family === 'ip6' ? NfProto.IPV6 : this.family === 'inet' ? NfProto.UNSPEC : NfProto.IPV4)
          : str(b.family, 'tproxy family') === 'ip6' ? NfProto.IPV6 : NfProto.IPV4;
        let reg = R1;
        const t: { kind: 'tproxy'; family: number; addrReg?: number; portReg?: number } = { kind: 'tproxy', family: fam === NfProto.UNSPEC ? NfProto.IPV4 : fam };
        if (b.addr !== undefined) {
          const v6 = familyOf(str(b.addr, 'tproxy addr')) !== AF_INET;
          exprs.push(...this.source(b.addr, { type: v6 ? 'ipv6_addr' : 'ipv4_addr', len: v6 ? 16 : 4, hostOrder: false }, reg));
          t.addrReg = reg++;
          if (b.family === undefined) t.family = v6 ? NfProto.IPV6 : NfProto.IPV4;
        }
        if (b.port !== undefined) { exprs.push(...this.source(b.port, { type: 'inet_service', len: 2, hostOrder: false }, reg)); t.portReg = reg; }
        exprs.push(t);
        return exprs;
      }
      case 'reject': {
        const type = b.type === undefined ? undefined : str(b.type, 'reject type');
        if (type === 'tcp reset') return [...dependencies(this.family, 'tcp', this.deps), { kind: 'reject', type: 'tcp_rst', code: 0 }];
        const code = (names: Readonly<Record<number, string>>, dflt: number): number => {
          if (b.expr === undefined) return dflt;
          const e = Object.entries(names).find(([, n]) => n === b.expr);
          return e ? Number(e[0]) : fail('reject', `unknown code ${JSON.stringify(b.expr)}`);
        };
        if (type === 'icmpx' || (type === undefined && (this.family === 'inet' || this.family === 'bridge' || this.family === 'netdev'))) {
          return [{ kind: 'reject', type: 'icmpx_unreach', code: code(ICMPX_CODES, 1) }];
        }
        const v6 = type === 'icmpv6' || (type === undefined && this.family === 'ip6');
        // An ICMP(v6) reject in a table of several protocols applies to that IP version only (nft's dependency).
        return [...dependencies(this.family, v6 ? 'ip6' : 'ip', this.deps), { kind: 'reject', type: 'icmp_unreach', code: v6 ? code(ICMPV6_CODES, 4) : code(ICMP_CODES, 3) }];
      }
      case 'log': {
        const l: Extract<Expression, { kind: 'log' }> = { kind: 'log' };
        if (b.prefix !== undefined) l.prefix = str(b.prefix, 'log prefix');
        if (b.group !== undefined) l.group = num(b.group, 'log group');
        if (b.snaplen !== undefined) l.snaplen = num(b.snaplen, 'log snaplen');
        if (b['queue-threshold'] !== undefined) l.qthreshold = num(b['queue-threshold'], 'log queue-threshold');
        if (b.level !== undefined) {
          const lv = LOG_LEVELS.indexOf(str(b.level, 'log level') as (typeof LOG_LEVELS)[number]);
          if (lv < 0) fail('log level', String(b.level));
          l.level = lv;
        }
        if (b.flags !== undefined) {
          const names: Readonly<Record<string, number>> = {
            'tcp sequence': LogFlag.TCPSEQ, 'tcp options': LogFlag.TCPOPT, 'ip options': LogFlag.IPOPT, skuid: LogFlag.UID, ether: LogFlag.MACDECODE,
            all: LogFlag.TCPSEQ | LogFlag.TCPOPT | LogFlag.IPOPT | LogFlag.UID | LogFlag.MACDECODE,
          };
          l.flags = (Array.isArray(b.flags) ? b.flags : [b.flags]).reduce<number>((f, n) => f | (names[str(n, 'log flag')] ?? fail('log flag', String(n))), 0);
        }
        return [l];
      }
      case 'quota': { // {"val": 25, "val_unit": "mbytes", "inv": true, "used": 1, "used_unit": "kbytes"}
        const unit = (u: J): number => 1024 ** (['bytes', 'kbytes', 'mbytes', 'gbytes'].indexOf(u === undefined ? 'bytes' : str(u, 'quota unit')) + 1 || fail('quota unit', String(u))) / 1024;
        const used = b.used === undefined ? 0 : num(b.used, 'quota used') * unit(b.used_unit);
        return [{ kind: 'quota', bytes: num(b.val, 'quota val') * unit(b.val_unit), ...(used ? { consumed: used } : {}), flags: b.inv === true ? 1 : 0 }]; // NFT_QUOTA_F_INV
      }
      case 'limit': {
        const unit = LIMIT_UNITS[b.per === undefined ? 'second' : str(b.per, 'limit per')] ?? fail('limit per', String(b.per));
        const bytesUnit = (u: J): number => (u === undefined || u === 'bytes' ? 1 : u === 'kbytes' ? 1024 : u === 'mbytes' ? 1024 * 1024 : fail('limit unit', String(u)));
        const isBytes = b.rate_unit !== undefined && b.rate_unit !== 'packets';
        const rate = num(b.rate, 'limit rate') * (isBytes ? bytesUnit(b.rate_unit) : 1);
        const burst = b.burst === undefined ? (isBytes ? 0 : 5) : num(b.burst, 'limit burst') * (isBytes ? bytesUnit(b.burst_unit) : 1);
        return [{ kind: 'limit', rate, unit, burst, type: isBytes ? 'bytes' : 'pkts', ...(b.inv === true ? { invert: true } : {}) }];
      }
      case 'vmap': {
        const key = this.lhs(b.key);
        const ref = this.setRef(b.data, key, 'verdict');
        return [...key.exprs, { kind: 'lookup', set: ref.name, sreg: R1, dreg: 0, ...(ref.id !== undefined ? { setId: ref.id } : {}) }];
      }
      default: return fail('statement', `'${k}' is not supported`);
    }
  }
}

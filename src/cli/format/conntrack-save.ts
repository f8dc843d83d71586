// The -o save and -o xml forms of an entry, as conntrack-tools writes them.
import { deltaTime, type FormatOptions } from './conntrack-common.js';
import type { Flow, Tuple } from '../../nfnetlink/conntrack/index.js';
import { SCTP_STATES, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { trackedProtocolName } from '../../nfnetlink/conntrack/protocols.js';
import { PORT_PROTOCOLS } from '../../netlink/ip-protocols.js';

const PORT_PROTOS = PORT_PROTOCOLS;
const SAVE_STATUS: Array<[number, string]> = [[1, 'EXPECTED'], [2, 'SEEN_REPLY'], [4, 'ASSURED'], [0x400, 'FIXED_TIMEOUT'], [0x4000, 'OFFLOAD'], [0x8000, 'HW_OFFLOAD']];

function saveL4(t: Tuple, proto: number, reply: boolean): string {
  const v6 = proto === 58 ? 'v6' : '';
  if (PORT_PROTOS.has(proto)) {
    if (proto === 33 && !t.sport && !t.dport) return ''; // what conntrack-tools writes for a DCCP entry without ports
    return reply ? ` --reply-port-src ${t.sport ?? 0} --reply-port-dst ${t.dport ?? 0}` : ` --sport ${t.sport ?? 0} --dport ${t.dport ?? 0}`;
  }
  if (proto === 47) return reply ? ` --reply-key-src ${t.sport ?? 0} --reply-key-dst ${t.dport ?? 0}` : ` --srckey ${t.sport ?? 0} --dstkey ${t.dport ?? 0}`;
  if ((proto === 1 || proto === 58) && !reply) return ` --icmp${v6}-type ${t.icmpType ?? 0} --icmp${v6}-code ${t.icmpCode ?? 0} --icmp${v6}-id ${t.icmpId ?? 0}`;
  return '';
}

/**
 * An SCTP verification tag as conntrack-tools reads and writes it: the attribute's four bytes taken in the
 * machine's order (the kernel keeps them as they are on the wire, big-endian; conntrack-tools neither swaps
 * them on -I nor on output). On a little-endian machine that is the byte-swapped value.
 */
export function hostOrderVtag(v: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return new Uint32Array(new Uint8Array(b).buffer)[0]!; // the same bytes, read in the machine's order
}

/**
 * One entry as `conntrack -L -o save` writes it: a conntrack command line (-A ...) that -R or -I reads back.
 * A NATed reply direction is written as -g (destination NAT: the reply's source) or -n (source NAT: the
 * reply's destination) in place of -r / -q, as conntrack-tools does; the mark is not written (neither is it there).
 */
export function formatSave(f: Flow, command: '-A' | '-D' = '-A'): string {
  const o = f.original;
  const r = f.reply ?? { ...o, src: o.dst, dst: o.src };
  const proto = o.protocol;
  const status = SAVE_STATUS.filter(([bit]) => ((f.status ?? 0) & bit) !== 0).map(([, n]) => n);
  let s = `${command} -t ${f.timeout ?? 0} -u ${status.length ? status.join(',') : 'UNSET'}`;
  if (f.zone !== undefined) s += ` -w ${f.zone}`;
  s += ` -s ${o.src} -d ${o.dst}`;
  s += r.src !== o.dst ? ` -g ${r.src}` : ` -r ${r.src}`;
  s += r.dst !== o.src ? ` -n ${r.dst}` : ` -q ${r.dst}`;
  s += ` -p ${trackedProtocolName(proto) ?? proto}` + saveL4(o, proto, false) + saveL4(r, proto, true);
  if (proto === 6 && f.tcp?.state !== undefined) s += ` --state ${TCP_STATES[f.tcp.state] ?? 'NONE'}`;
  if (proto === 132 && f.sctp?.state !== undefined) {
    s += ` --state ${SCTP_STATES[f.sctp.state] ?? 'NONE'}`;
    if (f.sctp.vtagOriginal !== undefined) s += ` --orig-vtag ${hostOrderVtag(f.sctp.vtagOriginal)}`;
    if (f.sctp.vtagReply !== undefined) s += ` --reply-vtag ${hostOrderVtag(f.sctp.vtagReply)}`;
  }
  return s;
}

/** The first and last lines conntrack-tools wraps -o xml entries in (written only when there is an entry). */
export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>';
export const XML_FOOTER = '</conntrack>';

function xmlTuple(t: Tuple, family: number, direction: string, counters?: { packets: number | bigint; bytes: number | bigint }): string {
  const proto = t.protocol;
  const l3 = family === 10 ? 'ipv6' : 'ipv4';
  let l4 = '';
  if (PORT_PROTOS.has(proto)) l4 = `<sport>${t.sport ?? 0}</sport><dport>${t.dport ?? 0}</dport>`;
  else if (proto === 47) l4 = `<srckey>0x${(t.sport ?? 0).toString(16)}</srckey><dstkey>0x${(t.dport ?? 0).toString(16)}</dstkey>`;
  return `<meta direction="${direction}"><layer3 protonum="${family}" protoname="${l3}"><src>${t.src}</src><dst>${t.dst}</dst></layer3>`
    + `<layer4 protonum="${proto}" protoname="${trackedProtocolName(proto) ?? 'unknown'}">${l4}</layer4>`
    + (counters ? `<counters><packets>${counters.packets}</packets><bytes>${counters.bytes}</bytes></counters>` : '') + '</meta>';
}

/**
 * One entry as `conntrack -o xml` writes it, on one line. The state is named from TCP's table whatever the
 * protocol (an SCTP entry in ESTABLISHED, state 4, reads FIN_WAIT), as conntrack-tools writes it.
 */
export function formatXml(f: Flow, o: Pick<FormatOptions, 'now'> = {}): string {
  const state = f.tcp?.state ?? f.sctp?.state ?? f.dccp?.state;
  let s = '<flow>' + xmlTuple(f.original, f.family, 'original', f.countersOriginal);
  if (f.reply) s += xmlTuple(f.reply, f.family, 'reply', f.countersReply);
  s += '<meta direction="independent">';
  if (state !== undefined) s += `<state>${TCP_STATES[state] ?? 'UNKNOWN'}</state>`;
  if (f.timeout !== undefined) s += `<timeout>${f.timeout}</timeout>`;
  if (f.mark !== undefined) s += `<mark>${f.mark}</mark>`;
  if (f.secmark) s += `<secmark>${f.secmark}</secmark>`;
  if (f.zone !== undefined) s += `<zone>${f.zone}</zone>`;
  if (f.use !== undefined) s += `<use>${f.use}</use>`;
  if (f.id !== undefined) s += `<id>${f.id}</id>`;
  const status = f.status ?? 0;
  if (status & 4) s += '<assured/>';
  if (!(status & 2)) s += '<unreplied/>';
  const delta = deltaTime(f, o.now);
  if (delta !== undefined) s += `<deltatime>${delta}</deltatime>`;
  return s + '</meta></flow>';
}

// Fixed headers of rtnetlink messages (ifinfomsg, ifaddrmsg, rtmsg, fib_rule_hdr, ndmsg, nhmsg, rtnexthop):
// declared once as layouts in headers.ts; this module re-exports them under their old name.
export * from './headers.js';

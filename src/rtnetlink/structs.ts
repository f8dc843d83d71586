// Fixed headers of rtnetlink messages (ifinfomsg, ifaddrmsg, rtmsg, fib_rule_hdr, ndmsg, nhmsg, rtnexthop):
// their field offsets and codecs live in headers.ts as plain numbers; test/helpers/layouts.ts declares the
// same structs with buffer-layout and the codec tests compare the two.
export * from './headers.js';

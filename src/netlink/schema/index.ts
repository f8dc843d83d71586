/**
 * Message schemas: each netlink message described once, everything else derived.
 *
 * To describe a message (src/rtnetlink/address/schema.ts is a complete, short one):
 * 1. Its fixed header is a `layout('struct ifaddrmsg', [['family', 'u8', 'ifa_family'], ...])`: offsets,
 *    size, read, write and per-field readers all come from that list (natural C alignment, host order).
 * 2. Its attributes are rows keyed by the kernel's number, built by `rowsFor<Model>()` so that each field
 *    name is checked against the model: `const a = rowsFor<Address>();` then
 *    `attributes({ 1: a.ip('IFA_ADDRESS', 'address'), 3: a.string('IFA_LABEL', 'label'), ... })`.
 *    Values that are not one value in one field (structs, nests, values merged with the header) use
 *    `a.custom('IFA_CACHEINFO', kinds.bytes, { decode(c, m) {...}, encode(w, m, type) {...} })`; attributes
 *    the model does not carry but `decode` should name use `a.named('IFA_TARGET_NETNSID', kinds.s32)`.
 * 3. `messageSchema({ context, header, attributes, fromHeader, toHeader, finish?, describeHeader? })` ties
 *    the header to the model. From it: decode(schema, buf, start, end) (generated once per schema; unknown
 *    attributes kept), encode(schema, model), new MessageView(schema) (one walk, fields read on access,
 *    toModel()), describeSpec(schema, 'RTM_NEWADDR', 'new') for `nlts decode` (put it in the family's
 *    descriptor table).
 *
 * To add an attribute: add ONE row, e.g. `10: a.s32('IFA_TARGET_NETNSID', 'targetNsid'),` plus the field
 * in the model's interface. Keep the row on one line as `NUMBER: a.kind('KERNEL_NAME', ...)`: the constants
 * test pins the number to the kernel header by that spelling (test/rtnetlink-schema.test.ts shows one added).
 */
export { layout, type Layout, type LayoutValue, type FieldDef, type FieldType, type FieldReader } from './layout.js';
export * as kinds from './kinds.js';
export type { ValueKind } from './kinds.js';
export { attributes, rowsFor, AttributeTable, type AttributeRow, type Row, type CustomCodec, type Model, type FieldOf } from './rows.js';
export { messageSchema, decode, decoderOf, encode, describeSpec, describeFixed, type MessageSchema } from './message.js';
export { MessageView } from './view.js';
export type { Decoder } from './compile.js';

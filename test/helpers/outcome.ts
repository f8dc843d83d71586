// What a call did: its value, or the error's name, message and offset, so that two paths can be compared.
import type { NetlinkDecodeError } from '../../src/netlink/index.js';

export function outcome<T>(fn: () => T): { ok: true; value: T } | { ok: false; name: string; message: string; offset?: number } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    const err = e as NetlinkDecodeError;
    return { ok: false, name: err.name, message: err.message, offset: err.offset };
  }
}

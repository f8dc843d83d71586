// EPERM explained: the kernel says only "Operation not permitted"; the CLI says which capability is missing.
// Netlink requests that change things (and every conntrack or nftables request) need CAP_NET_ADMIN;
// entering a named network namespace (setns) needs CAP_SYS_ADMIN.

/** A line for stderr after an EPERM error (empty for other errors). Errors by code, a system call's by its `syscall`. */
export function permissionHint(err: Error): string {
  const { code, syscall } = err as Error & { code?: unknown; syscall?: unknown };
  if (code !== 'EPERM') return '';
  if ((syscall === 'setns' || syscall === 'unshare' || syscall === 'mount')) {
    return `nlts: ${String(syscall)} needs CAP_SYS_ADMIN (run as root or grant the capability; see README, "Privileges")\n`;
  }
  return 'nlts: this needs CAP_NET_ADMIN (run as root or grant the capability; see README, "Privileges")\n';
}

// The byte-level transport under the request engine: datagrams in, datagrams out.
// The live socket, the recorder and the replayer all implement it, so the engine cannot tell them apart.

/** The byte-level transport under the request engine: the live socket, the recorder and the replayer implement it. */
export interface Transport {
  /** Netlink protocol number (NETLINK_ROUTE, NETLINK_NETFILTER, ...). */
  readonly protocol: number;
  /** Our port id (nl_pid) as the kernel assigned it; replies carry it. */
  readonly portId: number;
  /** Sends one datagram (one or more concatenated messages). */
  send(datagram: Buffer): void;
  /**
   * The next datagram, as a buffer the caller owns (never reused by the transport), waiting for one without blocking the event loop. Resolves to null once the
   * transport is closed.
   */
  receive(): Promise<Buffer | null>;
  /** Like receive(), but returns undefined at once when nothing is queued (no waiting). */
  tryReceive(): Buffer | null | undefined;
  /** Closes the transport; a pending receive() resolves to null. */
  close(): void;
  readonly closed: boolean;
  /**
   * A long transfer (a large dump) is under way (true) or over (false): a transport that can fetch the next
   * datagrams in the background while the caller works may do so. Only a hint; order and content are unchanged.
   */
  readAhead?(on: boolean): void;
}

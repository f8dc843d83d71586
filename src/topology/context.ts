// The open sockets a topology operation works through: rtnetlink in the host, client and proxy
// namespaces, nftables in the host namespace. Sockets inside client/proxy are opened on
// first use, since those namespaces may not exist yet when the work starts.
import { NETNS_RUN_DIR, NetnsError, type NetnsRef, netnsInode } from '../netlink/index.js';
import { RtNetlink } from '../rtnetlink/index.js';
import { Nftables } from '../nfnetlink/nftables/index.js';
import type { TopologySpec } from './spec.js';
import { ownerMark } from './marks.js';
import { StateStore, netnsEntry } from './store.js';

export interface TopologyContext {
  spec: TopologySpec;
  /** ownerMark(spec): the label on everything this topology creates. */
  mark: string;
  /** Values found before changing them and adopted objects' previous state (see store.ts). */
  store: StateStore;
  /** The host namespace; undefined means the namespace this process runs in. */
  hostNetns: NetnsRef | undefined;
  host: RtNetlink;
  /** nf_tables in the host namespace. */
  nft: Nftables;
  /** rtnetlink inside a namespace of the topology (client or proxy), opened once. */
  inside(netns: string): RtNetlink;
  /** Forget the socket of a namespace about to be deleted. */
  forget(netns: string): void;
  close(): void;
}

export function openContext(spec: TopologySpec, hostNetns: NetnsRef | undefined): TopologyContext {
  const host = RtNetlink.open({ netns: hostNetns });
  const nft = Nftables.open(hostNetns === undefined ? {} : { netns: hostNetns });
  const opened = new Map<string, RtNetlink>();
  const mark = ownerMark(spec);
  let store: StateStore;
  try {
    store = new StateStore(mark, netnsInode(hostNetns ?? 'self'));
  } catch (e) {
    host.close();
    nft.close();
    throw e;
  }
  return {
    spec,
    mark,
    store,
    hostNetns,
    host,
    nft,
    inside(netns) {
      let nl = opened.get(netns);
      if (!nl) {
        // A plain file left where a namespace should be (a run killed while creating it): setns on it
        // fails with a bare EINVAL. For the steps, the namespace is simply not there yet.
        if (netnsEntry(netns) === 'stale') throw new NetnsError('NOT_FOUND', netns, `network namespace '${netns}' is not there: ${NETNS_RUN_DIR}/${netns} is a plain file left by an interrupted run`);
        nl = RtNetlink.open({ netns });
        opened.set(netns, nl);
      }
      return nl;
    },
    forget(netns) {
      opened.get(netns)?.close();
      opened.delete(netns);
    },
    close() {
      for (const nl of opened.values()) nl.close();
      opened.clear();
      host.close();
      nft.close();
    },
  };
}

import { readlinkSync } from "node:fs";
import { hostname } from "node:os";

/** The inode of Linux's initial pid namespace (PROC_PID_INIT_INO): processes not in a container's own. */
const initialPidNamespace = "4026531836";

let identity: string | undefined;

/**
 * The machine as runs and leases record it: two processes with the same identity see each
 * other's pids, so one may judge the other dead when its pid is gone. The host name, and, in a
 * pid namespace of its own (a container), that namespace: containers sharing the host's name
 * (host networking) cannot see each other's pids, and must not take each other's leases or
 * record each other's runs as crashed because a pid is missing.
 */
export function hostIdentity(): string {
  identity ??= withPidNamespace(hostname());
  return identity;
}

function withPidNamespace(host: string): string {
  let link: string;
  try {
    link = readlinkSync("/proc/self/ns/pid");
  } catch {
    return host; // not Linux, or no /proc: the host name is all there is
  }
  const namespace = /^pid:\[(\d+)\]$/.exec(link)?.[1];
  return namespace === undefined || namespace === initialPidNamespace ? host : `${host} (pid namespace ${namespace})`;
}

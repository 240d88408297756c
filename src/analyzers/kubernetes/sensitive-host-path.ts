// Host paths whose mount hands a container control of the node (kube-linter's sensitive-host-mounts idea).

/**
 * Whole system directories, not files below them: mounting `/etc/localtime` or `/dev/shm` is routine,
 * mounting `/etc` or `/` is not. Container runtime sockets anywhere are a full takeover.
 */
const sensitiveDirectories = new Set([
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/sys",
  "/usr",
  "/var/lib/docker",
  "/var/lib/kubelet",
  "/var/run",
]);
const runtimeSocket = /(?:^|\/)(?:docker|containerd|crio|cri-dockerd|podman)\.sock$/;

export function isSensitiveHostPath(path: string): boolean {
  const normalized = path.trim().replace(/\/+$/, "") || "/";
  return sensitiveDirectories.has(normalized) || runtimeSocket.test(normalized);
}

export function isRuntimeSocket(path: string): boolean {
  return runtimeSocket.test(path.trim());
}

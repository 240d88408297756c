// How firmly a container image reference (`[registry/]name[:tag][@digest]`) pins what gets pulled.

/**
 * `untagged` pulls `:latest` implicitly; `latest` names it; `pinned` has another tag or a digest;
 * `unresolved` contains a variable or template (`${TAG}`, `{{ .Values.tag }}`) we cannot evaluate.
 */
export type ImagePin = "untagged" | "latest" | "pinned" | "unresolved";

export function imagePin(reference: string): ImagePin {
  const image = reference.trim();
  if (image === "" || /[$]|\{\{/.test(image)) return "unresolved";
  if (image.includes("@")) return "pinned";
  // A colon before the last slash belongs to a registry port (`localhost:5000/app`), not a tag.
  const name = image.slice(image.lastIndexOf("/") + 1);
  const colon = name.lastIndexOf(":");
  if (colon === -1) return "untagged";
  return name.slice(colon + 1) === "latest" ? "latest" : "pinned";
}

/** The sentence that says what an unpinned `image` pulls, for messages. */
export function describeUnpinned(image: string, pin: "untagged" | "latest"): string {
  return pin === "untagged"
    ? `\`${image}\` has no tag, so it pulls \`:latest\``
    : `\`${image}\` pulls whatever \`:latest\` points at when the image is pulled`;
}

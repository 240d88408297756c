// How firmly a container image reference (`[registry/]name[:tag][@digest]`) pins what gets pulled.

/**
 * `untagged` pulls `:latest` implicitly; `latest` names it; `major` is a major version only (`alpine:3`,
 * `node:20-alpine`), which the publisher moves to every new minor and patch release; `pinned` has a more
 * precise tag or a digest; `unresolved` contains a variable or template (`${TAG}`, `{{ .Values.tag }}`) we
 * cannot evaluate.
 */
export type ImagePin = "untagged" | "latest" | "major" | "pinned" | "unresolved";

/** The pins that pull different software over time. */
export type MovingPin = "untagged" | "latest" | "major";

export function imagePin(reference: string): ImagePin {
  const image = reference.trim();
  if (image === "" || /[$]|\{\{/.test(image)) return "unresolved";
  if (image.includes("@")) return "pinned";
  // A colon before the last slash belongs to a registry port (`localhost:5000/app`), not a tag.
  const name = image.slice(image.lastIndexOf("/") + 1);
  const colon = name.lastIndexOf(":");
  if (colon === -1) return "untagged";
  return tagPin(name.slice(colon + 1));
}

/** What a tag alone pins (Helm values keep the tag apart from the repository). */
export function tagPin(tag: string): "latest" | "major" | "pinned" {
  if (tag === "latest") return "latest";
  return isMajorOnly(tag) ? "major" : "pinned";
}

/**
 * `3`, `20`, `v3`, `20-alpine`, `16-bookworm`, `3-alpine3.19`: a major version of at most three digits,
 * optionally followed by a variant that starts with a letter. `3.19`, `16.2-bookworm` and digit-only tags
 * of four or more digits (build numbers, dates) are not major-only.
 */
function isMajorOnly(tag: string): boolean {
  return /^v?\d{1,3}(?:-[A-Za-z][\w.-]*)?$/.test(tag);
}

export function isMoving(pin: ImagePin | undefined): pin is MovingPin {
  return pin === "untagged" || pin === "latest" || pin === "major";
}

/** The sentence that says what an unpinned `image` pulls, for messages. */
export function describeUnpinned(image: string, pin: MovingPin): string {
  if (pin === "untagged") return `\`${image}\` has no tag, so it pulls \`:latest\``;
  if (pin === "latest") return `\`${image}\` pulls whatever \`:latest\` points at when the image is pulled`;
  return `\`${image}\` names only a major version, a tag its publisher moves to every new minor and patch release`;
}

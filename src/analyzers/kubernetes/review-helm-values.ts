// Helm `values*.yaml`: image settings that will be rendered into every workload of the chart (I1).
import type { Finding } from "../../domain/model.js";
import { type ImagePin, imagePin, tagPin } from "../infra/image-pin.js";
import { infraRules } from "../infra/infra-rules.js";
import { anchorLine, spanTouches } from "../infra/line-span.js";
import type { YamlPath } from "../infra/parse-yaml-documents.js";
import { asMap } from "../infra/plain-data.js";
import { makeFinding } from "../make-finding.js";
import type { ManifestScope } from "./review-workload.js";

/** Values trees are small; the bound only protects against pathological generated files. */
const maxDepth = 12;

/**
 * Only an explicit `latest` or a major-only tag (`16`, `20-alpine`) is reported: an empty or missing `tag`
 * under `image: { repository }` is the chart convention for "use the chart's appVersion", which is pinned by
 * the chart release.
 */
export function reviewHelmValues(value: unknown, scope: ManifestScope): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: unknown, path: YamlPath, depth: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...path, index], depth + 1);
      });
      return;
    }
    const map = asMap(node);
    if (map === undefined) return;
    for (const [key, child] of Object.entries(map)) {
      const childPath = [...path, key];
      if (key === "image") {
        const finding = reviewImageValue(child, childPath, scope);
        if (finding !== undefined) findings.push(finding);
      }
      visit(child, childPath, depth + 1);
    }
  };
  visit(value, [], 0);
  return findings;
}

function reviewImageValue(value: unknown, path: YamlPath, scope: ManifestScope): Finding | undefined {
  const image = asMap(value);
  let written: string;
  let valuePath: YamlPath;
  let pin: ImagePin;
  if (typeof value === "string") {
    pin = imagePin(value);
    written = value;
    valuePath = path;
  } else if (image !== undefined && typeof image.repository === "string") {
    // YAML reads `tag: 16` as a number.
    const tag = typeof image.tag === "number" ? String(image.tag) : image.tag;
    if (typeof tag !== "string" || typeof image.digest === "string") return undefined;
    pin = tagPin(tag);
    written = `${image.repository}:${tag}`;
    valuePath = [...path, "tag"];
  } else {
    return undefined;
  }
  if (pin !== "latest" && pin !== "major") return undefined;
  const span = scope.document.spanOf(valuePath);
  if (!spanTouches(span, scope.addedLines)) return undefined;
  const key = path.join(".");
  const moves =
    pin === "major" ? ", a major-only tag the publisher moves to every new minor and patch release" : "";
  return makeFinding(infraRules.mutableImageTag, {
    path: scope.path,
    line: anchorLine(span, scope.addedLines),
    subject: `values ${key}`,
    message:
      `\`${key}\` deploys \`${written}\`${moves}: every pod restart or new node can pull a different version, ` +
      "and a `helm rollback` does not roll the image back. Pin a full version tag, or leave `tag` empty to use " +
      "the chart's `appVersion`.",
  });
}

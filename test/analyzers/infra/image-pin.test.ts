import { describe, expect, it } from "vitest";
import { imagePin } from "../../../src/analyzers/infra/image-pin.js";

describe("imagePin", () => {
  it.each([
    ["nginx", "untagged"],
    ["library/nginx", "untagged"],
    ["localhost:5000/app", "untagged"],
    ["nginx:latest", "latest"],
    ["ghcr.io/org/app:latest", "latest"],
    ["nginx:1.27", "pinned"],
    ["localhost:5000/app:2.0.1", "pinned"],
    ["nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d", "pinned"],
    ["nginx:LATEST", "pinned"],
    ["alpine:3", "major"],
    ["node:20", "major"],
    ["node:20-alpine", "major"],
    ["postgres:16-bookworm", "major"],
    ["traefik:v3", "major"],
    ["python:3-alpine3.19", "major"],
    ["alpine:3.19", "pinned"],
    ["node:20.11.1", "pinned"],
    ["postgres:16.2-bookworm", "pinned"],
    ["node:20@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d", "pinned"],
    ["ghcr.io/org/app:4521", "pinned"],
    ["localhost:5000/app:3", "major"],
    ["$REGISTRY/app:$TAG", "unresolved"],
    ["{{ .Values.image }}", "unresolved"],
    ["", "unresolved"],
  ])("%s is %s", (reference, pin) => {
    expect(imagePin(reference)).toBe(pin);
  });
});

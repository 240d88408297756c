// The Dockerfile analyzer family: base images, users, secrets, remote downloads and health checks.
import { type Dockerfile, DockerfileParser } from "dockerfile-ast";
import { errorMessage } from "../../domain/error-message.js";
import type { ChangedFile } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { infraSource, unparseableNote } from "../infra/infra-source.js";
import { analyzeDockerfile } from "./analyze-dockerfile.js";

/**
 * `Dockerfile`, `Dockerfile.prod`, `api.dockerfile`, `Containerfile`; classify-file has already decided it
 * is infrastructure, also for extension-less files that start like a Dockerfile. BuildKit's per-Dockerfile
 * ignore files (`Dockerfile.dockerignore`) share the prefix and are not Dockerfiles.
 */
function isDockerfile(file: ChangedFile): boolean {
  const name = file.path.slice(file.path.lastIndexOf("/") + 1);
  if (/\.dockerignore$/i.test(name)) return false;
  return (
    /^(?:docker|container)file(?:$|[._-])/i.test(name) ||
    /\.(?:docker|container)file$/i.test(name) ||
    !name.includes(".")
  );
}

export const dockerfileAnalyzer: Analyzer = {
  id: "dockerfile",
  appliesTo: (file) => file.skipped === undefined && file.category === "infra" && isDockerfile(file),
  needs: { base: false, head: true },
  async analyze(file) {
    const source = infraSource(file, "Dockerfile");
    if (!source.ok) return source.result;
    let dockerfile: Dockerfile;
    try {
      dockerfile = DockerfileParser.parse(source.text);
    } catch (error) {
      // dockerfile-ast recovers from almost anything; this keeps a parser bug from costing the review.
      return unparseableNote(file.path, "the Dockerfile", errorMessage(error));
    }
    return { findings: analyzeDockerfile(dockerfile, file), notes: [] };
  },
};

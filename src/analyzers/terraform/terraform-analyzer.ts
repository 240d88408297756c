// The Terraform analyzer family: public exposure, encryption, IAM and destroyed stateful resources.
import type { Analyzer } from "../analyzer.js";
import { analyzeTerraform } from "./analyze-terraform.js";

export const terraformAnalyzer: Analyzer = {
  id: "terraform",
  appliesTo: (file) => file.skipped === undefined && file.category === "infra" && /\.tf$/i.test(file.path),
  // The base version tells which resources the PR removes (I11).
  needs: { base: true, head: true },
  analyze: (file, context) => analyzeTerraform(file, context.files),
};

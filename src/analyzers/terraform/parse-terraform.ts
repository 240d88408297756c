// Terraform (HCL) to JSON with @cdktf/hcl2json, loaded on first use: its Go/WASM runtime costs ~250 ms.
import { errorMessage } from "../../domain/error-message.js";

/** hcl2json's output: blocks become `{ type: { label: [body] } }`, references stay `"${…}"` strings. */
export type TerraformJson = Record<string, unknown>;

export type ParsedTerraform =
  | { ok: true; json: TerraformJson }
  | { ok: false; message: string; line?: number };

type Hcl2Json = typeof import("@cdktf/hcl2json");
let hcl2json: Promise<Hcl2Json> | undefined;

export async function parseTerraform(path: string, text: string): Promise<ParsedTerraform> {
  hcl2json ??= import("@cdktf/hcl2json");
  try {
    const { parse } = await hcl2json;
    return { ok: true, json: (await parse(path, text)) as TerraformJson };
  } catch (error) {
    return syntaxError(errorMessage(error));
  }
}

/**
 * `parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression, …. main.tf:…]`
 * → line 2 and the first diagnostic's first sentence.
 */
function syntaxError(raw: string): ParsedTerraform {
  const match = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^\]]*)/.exec(raw);
  if (match === null) return { ok: false, message: raw };
  const first = (match[2] ?? raw).split(/\s\S+:\d+,\d+/)[0] ?? "";
  const sentence = first.split(/\.\s/)[0]?.replace(/\.$/, "").trim() ?? first;
  return { ok: false, message: sentence, line: Number(match[1]) };
}

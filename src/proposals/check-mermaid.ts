// A structural check of a Mermaid diagram before it is posted (GitHub renders ```mermaid fences; a broken
// one shows an error box in the proposal).
//
// Hand-written on purpose: Mermaid's flowchart, sequence and ER grammars are JISON parsers inside the
// `mermaid` package, which needs a DOM (DOMPurify, d3) to load; `@mermaid-js/parser` (Langium, runs under
// Node) covers only info, packet, pie, architecture, gitGraph, radar and treemap (checked on 2.0.1), not
// the three kinds a proposal uses. So this checks what breaks rendering most often: a known header that
// matches the kind, no fences or backticks, balanced brackets and quotes, block keywords closed by `end`,
// sequence lines that are declarations or `A->>B: text` messages, ER relationships `A ||--o{ B : label`.
import type { Diagram } from "./proposal-schema.js";

/** The first problem found, with its 1-based line in the diagram source; undefined when well-formed. */
export function checkMermaid(diagram: Pick<Diagram, "kind" | "mermaid">): string | undefined {
  const source = diagram.mermaid.replace(/\r\n?/g, "\n");
  if (source.includes("`")) {
    return "contains a backtick (a Markdown fence or code span inside the diagram breaks the ```mermaid block)";
  }
  const lines = source.split("\n").map((text, index) => ({ text: text.trim(), n: index + 1 }));
  // %% comments and %%{init: …}%% directives are not part of the diagram's grammar.
  const content = lines.filter((line) => line.text !== "" && !line.text.startsWith("%%"));
  const [header, ...body] = content;
  if (header === undefined) return "is empty";
  const headerProblem = checkHeader(diagram.kind, header.text);
  if (headerProblem !== undefined) return `line ${header.n}: ${headerProblem}`;
  if (body.length === 0) return "has a header and nothing else";
  switch (diagram.kind) {
    case "components":
      return checkFlowchart(body);
    case "sequence":
      return checkSequence(body);
    case "er":
      return checkEr(body);
  }
}

interface Line {
  text: string;
  n: number;
}

const headers: Record<Diagram["kind"], { pattern: RegExp; expected: string }> = {
  components: { pattern: /^(?:flowchart|graph)(?:\s+(?:TB|TD|BT|RL|LR))?$/, expected: "`flowchart LR`" },
  sequence: { pattern: /^sequenceDiagram$/, expected: "`sequenceDiagram`" },
  er: { pattern: /^erDiagram$/, expected: "`erDiagram`" },
};

function checkHeader(kind: Diagram["kind"], text: string): string | undefined {
  const { pattern, expected } = headers[kind];
  if (pattern.test(text)) return undefined;
  return `a ${kind} diagram starts with ${expected}, not ${JSON.stringify(text.slice(0, 60))}`;
}

function checkFlowchart(body: readonly Line[]): string | undefined {
  let open = 0;
  for (const line of body) {
    if (/^subgraph\b/.test(line.text)) open++;
    else if (line.text === "end") {
      if (open === 0) return `line ${line.n}: \`end\` without a \`subgraph\``;
      open--;
    }
    // An asymmetric node `id>label]` opens with `>`; drop it before counting brackets.
    const balance = checkBalanced(line.text.replace(/\b[\w-]+>([^\]]*)\]/g, "x"));
    if (balance !== undefined) return `line ${line.n}: ${balance}`;
  }
  return open === 0 ? undefined : `${open} \`subgraph\` block(s) without \`end\``;
}

const sequenceDeclaration =
  /^(?:(?:create\s+)?(?:participant|actor)\s+\S.*|destroy\s+\S+|autonumber\b.*|(?:activate|deactivate)\s+\S+|title\b.*|acc(?:Title|Descr)\b.*|note\s+(?:left of|right of|over)\s+[^:]+:.*|link\s+[^:]+:.*|links\s+[^:]+:.*)$/i;
const sequenceBlockOpen = /^(?:loop|alt|opt|par|critical|break|rect|box)\b/;
const sequenceBlockPart = /^(?:else|and|option)\b/;
// `A->>B: text`, with any of Mermaid's arrows (->, -->, ->>, -->>, -x, --x, -), --), <<->>, <<-->>) and
// an optional activation mark (+/-) before the receiver. The message text after `:` is required.
const sequenceMessage = /^[^:\s<>-][^:<>]*?\s*(?:<<)?--?(?:>>|>|x|\))\s*[+-]?\s*[^:\s<>-][^:<>]*?\s*:.*$/;

function checkSequence(body: readonly Line[]): string | undefined {
  const blocks: string[] = [];
  for (const line of body) {
    const balance = checkQuotes(line.text);
    if (balance !== undefined) return `line ${line.n}: ${balance}`;
    if (line.text === "end") {
      if (blocks.pop() === undefined) return `line ${line.n}: \`end\` without a block to close`;
      continue;
    }
    const open = sequenceBlockOpen.exec(line.text)?.[0];
    if (open !== undefined) {
      blocks.push(open);
      continue;
    }
    if (sequenceBlockPart.test(line.text)) {
      if (blocks.length === 0) return `line ${line.n}: ${JSON.stringify(line.text)} outside a block`;
      continue;
    }
    if (sequenceDeclaration.test(line.text) || sequenceMessage.test(line.text)) continue;
    return `line ${line.n}: ${JSON.stringify(line.text.slice(0, 80))} is not a participant, note, block or message line (\`A->>B: text\`)`;
  }
  return blocks.length === 0 ? undefined : `a \`${blocks.at(-1)}\` block without \`end\``;
}

const erName = String.raw`(?:[A-Za-z_][\w-]*|"[^"]+")`;
const erRelationship = new RegExp(
  String.raw`^${erName}\s*(?:\|o|\|\||\}o|\}\|)(?:--|\.\.)(?:o\||\|\||o\{|\|\{)\s*${erName}\s*:\s*(?:"[^"]*"|[^\s"].*)$`,
);
const erEntityOpen = new RegExp(String.raw`^${erName}(?:\s*\[\s*"[^"]*"\s*\])?\s*\{$`);
const erEntity = new RegExp(`^${erName}$`);
// `type name [PK|FK|UK[, …]] ["comment"]`: types may carry size or generics (`varchar(255)`, `string[]`).
const erAttribute =
  /^[A-Za-z_][\w().,[\]-]*\s+[A-Za-z_*][\w-]*(?:\s+(?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*)?(?:\s+"[^"]*")?$/;

function checkEr(body: readonly Line[]): string | undefined {
  let entity: Line | undefined;
  for (const line of body) {
    if (entity !== undefined) {
      if (line.text === "}") entity = undefined;
      else if (!erAttribute.test(line.text)) {
        return `line ${line.n}: ${JSON.stringify(line.text.slice(0, 80))} is not an attribute (\`type name PK "comment"\`)`;
      }
      continue;
    }
    if (erEntityOpen.test(line.text)) entity = line;
    else if (!erRelationship.test(line.text) && !erEntity.test(line.text)) {
      return `line ${line.n}: ${JSON.stringify(line.text.slice(0, 80))} is not a relationship (\`A ||--o{ B : label\`) or an entity`;
    }
  }
  return entity === undefined ? undefined : `line ${entity.n}: the entity block is not closed with \`}\``;
}

const closing: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** Brackets balance and nest on the line, outside double-quoted strings; quotes are paired. */
function checkBalanced(text: string): string | undefined {
  const stack: string[] = [];
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === "(" || char === "[" || char === "{") stack.push(char);
    else if (char in closing) {
      if (stack.pop() !== closing[char]) return `unbalanced \`${char}\``;
    }
  }
  if (quoted) return 'unclosed `"`';
  return stack.length === 0 ? undefined : `unclosed \`${stack.at(-1)}\``;
}

function checkQuotes(text: string): string | undefined {
  const quotes = text.split('"').length - 1;
  return quotes % 2 === 0 ? undefined : 'unclosed `"`';
}

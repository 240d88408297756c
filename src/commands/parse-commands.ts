// `/architect <command> [arguments]` lines in a comment. Markdown decides what is a line of prose: text in
// code blocks, inline code, block quotes (someone quoting an earlier command) and HTML comments is never a
// command. marked's lexer does the Markdown; this file only reads the command lines it leaves.
import { marked, type Token, type Tokens } from "marked";

export const commandNames = [
  "review",
  "answer",
  "ask",
  "explain",
  "ignore",
  "pause",
  "resume",
  "propose",
  "config",
  "help",
] as const;

export type CommandName = (typeof commandNames)[number];

export type Command =
  | { name: "review" | "pause" | "resume" | "propose" | "config" | "help" }
  | { name: "answer"; question: number; text: string }
  | { name: "ask"; question: string }
  | { name: "explain"; ruleId?: string }
  | { name: "ignore"; ruleId: string; reason?: string }
  /** A line that starts with the prefix but is not a command we know, or lacks its arguments. */
  | { name: "invalid"; line: string; problem: string };

export const commandPrefix = "/architect";

/**
 * GitHub never sends a longer comment body. Anything longer (10 MB from elsewhere) is read up to here: marked's
 * block regexes overflow the stack on a multi-megabyte line.
 */
const maxCommentLength = 65_536;

/**
 * Every command in `body`, in order. Arguments run to the end of the line; the text of `answer` and `ask`
 * continues on the lines below until the next command line, so a long answer can be a paragraph.
 */
export function parseCommands(body: string): Command[] {
  const lines = proseLines(body.length > maxCommentLength ? body.slice(0, maxCommentLength) : body);
  const startsCommand = (index: number): boolean => commandRest(lines[index]?.masked ?? "") !== undefined;
  const commands: Command[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!startsCommand(index)) continue;
    // Arguments keep their inline code (`total`); only where a command starts is read with it blanked.
    const rest = commandRest(lines[index]?.text ?? "") ?? "";
    const continuation: string[] = [];
    while (index + 1 < lines.length && !startsCommand(index + 1)) {
      continuation.push(lines[index + 1]?.text ?? "");
      index += 1;
    }
    commands.push(parseCommand(rest, continuation.join("\n").trim()));
  }
  return commands;
}

/** The text after `/architect` on a command line, or undefined when the line is not one. */
function commandRest(line: string): string | undefined {
  const trimmed = line.trimStart();
  if (!trimmed.toLowerCase().startsWith(commandPrefix)) return undefined;
  const rest = trimmed.slice(commandPrefix.length);
  // `/architecture` is a word, not the command.
  if (rest !== "" && !/^\s/.test(rest)) return undefined;
  return rest.trim();
}

function parseCommand(rest: string, continuation: string): Command {
  // The command word ends at a space or punctuation: `answer: yes` is `answer` with a missing number.
  const word = /^[^\s:.,;!?]*/.exec(rest)?.[0] ?? "";
  const name = word.toLowerCase();
  const args = rest.slice(word.length).trim();
  const words = args === "" ? [] : args.split(/\s+/);
  const line = `${commandPrefix} ${rest}`.trim();
  switch (name) {
    case "review":
    case "pause":
    case "resume":
    case "propose":
    case "config":
    case "help":
      return { name };
    case "answer":
      return parseAnswer(args, continuation, line);
    case "ask": {
      const question = [args, continuation].filter((part) => part !== "").join("\n");
      return question === ""
        ? { name: "invalid", line, problem: "`ask` needs a question: `/architect ask <question>`." }
        : { name: "ask", question };
    }
    case "explain":
      return words[0] === undefined ? { name: "explain" } : { name: "explain", ruleId: words[0] };
    case "ignore": {
      const [ruleId, ...reason] = words;
      if (ruleId === undefined)
        return {
          name: "invalid",
          line,
          problem: "`ignore` needs a rule id: `/architect ignore <rule-id> [reason]`.",
        };
      const text = reason.join(" ").trim();
      return text === "" ? { name: "ignore", ruleId } : { name: "ignore", ruleId, reason: text };
    }
    case "":
      return { name: "invalid", line, problem: "No command after `/architect`." };
    default:
      return { name: "invalid", line, problem: `\`${word}\` is not a command.` };
  }
}

/** `answer 2: text`, `answer #2 text`, `answer 2 - text`. */
function parseAnswer(args: string, continuation: string, line: string): Command {
  const match = /^#?(\d{1,3})\s*[:.)-]?\s*([\s\S]*)$/.exec(args);
  const usage = "`/architect answer <n>: <your answer>`";
  if (match === null)
    return { name: "invalid", line, problem: `\`answer\` needs a question number: ${usage}.` };
  const text = [match[2]?.trim() ?? "", continuation].filter((part) => part !== "").join("\n");
  if (text === "")
    return { name: "invalid", line, problem: `\`answer ${match[1]}\` has no answer text: ${usage}.` };
  return { name: "answer", question: Number(match[1]), text };
}

/** A line of prose as written, and with inline code and HTML blanked (same length, same line breaks). */
interface ProseLine {
  text: string;
  masked: string;
}

/** Lines of the comment that are prose: paragraphs at the top level or in lists, never code or quotes. */
function proseLines(body: string): ProseLine[] {
  const lines: ProseLine[] = [];
  const visit = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.type === "paragraph" || token.type === "text") {
        const { text, masked } = paragraphText(token as Tokens.Paragraph | Tokens.Text);
        const maskedLines = masked.split("\n");
        text.split("\n").forEach((line, index) => {
          lines.push({ text: line, masked: maskedLines[index] ?? "" });
        });
      } else if (token.type === "list") {
        for (const item of (token as Tokens.List).items) visit(item.tokens);
      }
      // code, blockquote, html, heading, table, hr: not where commands are written.
    }
  };
  visit(marked.lexer(body.replace(/\r\n?/g, "\n")));
  return lines;
}

const hidden = new Set(["codespan", "html"]);

/** The paragraph's text, and the same with inline code spans and HTML blanked: `` `/architect review` `` is not run. */
function paragraphText(token: Tokens.Paragraph | Tokens.Text): ProseLine {
  const inline = token.tokens ?? [];
  if (inline.length === 0) return { text: token.text, masked: token.text };
  return {
    text: inline.map((part) => part.raw).join(""),
    masked: inline
      .map((part) => (hidden.has(part.type) ? part.raw.replace(/[^\n]/g, " ") : part.raw))
      .join(""),
  };
}

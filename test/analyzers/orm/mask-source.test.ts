import { describe, expect, it } from "vitest";
import { literalAt, literalText, maskSource } from "../../../src/analyzers/orm/mask-source.js";

describe("maskSource", () => {
  it("blanks comments and string contents, keeping length and lines", () => {
    const source = 'drop_table(":x") # drop_table :users\nfoo("a,b")\n';
    const masked = maskSource(source, "ruby");
    expect(masked.code).toHaveLength(source.length);
    expect(masked.code.split("\n")).toHaveLength(source.split("\n").length);
    expect(masked.code).toBe('drop_table("__")                    \nfoo("___")\n');
  });

  it("finds Ruby heredoc bodies after their opener's line, interpolation included", () => {
    const source =
      'execute <<~SQL.squish, "x"\n  ALTER TABLE #{table}\n  DROP COLUMN a;\nSQL\nremove_column :a, :b\n';
    const masked = maskSource(source, "ruby");
    const heredoc = literalAt(masked, source.indexOf("<<~SQL"));
    expect(heredoc).toBeDefined();
    if (heredoc === undefined) return;
    expect(literalText(masked, heredoc)).toBe("  ALTER TABLE t_______\n  DROP COLUMN a;\n");
    expect(masked.code.split("\n")[4]).toBe("remove_column :a, :b");
  });

  it("keeps JavaScript template interpolations as placeholders of the same length", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
    const source = 'q(`ALTER TABLE "${schema}"."a"\n DROP COLUMN \\`b\\``); // `not a string`\n';
    const masked = maskSource(source, "javascript");
    const template = literalAt(masked, source.indexOf("`"));
    expect(template).toBeDefined();
    if (template === undefined) return;
    expect(literalText(masked, template)).toBe('ALTER TABLE "t________"."a"\n DROP COLUMN ` b` ');
    expect(masked.code).not.toContain("not a string");
  });

  it("reads Python prefixes, triple quotes and f-strings", () => {
    const source = 'sql = rb"x" + f"""ALTER {t}\nTABLE""" # note\n';
    const masked = maskSource(source, "python");
    expect(masked.literals).toHaveLength(2);
    const fString = literalAt(masked, source.indexOf('f"""'));
    expect(fString === undefined ? "" : literalText(masked, fString)).toBe("ALTER t__\nTABLE");
    expect(masked.code).not.toContain("note");
  });

  it("does not take a JavaScript division for a regular expression", () => {
    const source = 'const half = total / 2; const re = /"/g; queryInterface.removeColumn("a", "b");\n';
    const masked = maskSource(source, "javascript");
    expect(masked.code).toContain("removeColumn(");
    expect(masked.literals.map((literal) => source.slice(literal.start, literal.end))).toEqual([
      '"a"',
      '"b"',
    ]);
  });
});

// GORM projects that call `db.AutoMigrate(&User{})` let the application create and alter tables at start-up:
// they write no migrations, so a changed struct is not missing one.
import type { ChangedFile } from "../../../domain/model.js";
import { descendantsOfType, withSyntaxTree } from "../../api-surface/syntax-tree.js";

/** Whether any Go file of the PR whose head was read calls `….AutoMigrate(…)`. */
export async function callsAutoMigrate(files: readonly ChangedFile[]): Promise<boolean> {
  for (const file of files) {
    const head = file.headContent;
    // The substring only skips files that cannot call it; the syntax tree decides.
    if (head === undefined || !file.path.endsWith(".go") || !head.includes("AutoMigrate")) continue;
    const found = await withSyntaxTree("go", head, (root) =>
      descendantsOfType(root, "call_expression").some((call) => {
        const callee = call.childForFieldName("function");
        return (
          callee?.type === "selector_expression" && callee.childForFieldName("field")?.text === "AutoMigrate"
        );
      }),
    );
    if (found) return true;
  }
  return false;
}
